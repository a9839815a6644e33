package com.example.shop.orderservice.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Orders, looked up by public id and, for users, by owner too.
 */
interface OrderRepository extends JpaRepository<Order, Long> {

	Optional<Order> findByPublicId(UUID publicId);

	/**
	 * The order a user placed with an idempotency key.
	 * @param ownerSub the user
	 * @param clientKey the key the user sent
	 * @return the order, if the user placed one with that key
	 */
	Optional<Order> findByOwnerSubAndClientKey(String ownerSub, String clientKey);

	boolean existsByPublicIdAndOwnerSub(UUID publicId, String ownerSub);

	Page<Order> findByOwnerSub(String ownerSub, Pageable pageable);

	/**
	 * Orders still waiting for a payment answer, oldest first.
	 * @param status {@code PENDING_PAYMENT}
	 * @param before only orders placed before this, so that a call still in flight is not
	 * overtaken
	 * @param page how many
	 * @return the orders
	 */
	List<Order> findByStatusAndCreatedAtBeforeOrderByCreatedAtAsc(OrderStatus status, Instant before, Pageable page);

	/**
	 * The oldest order in a status.
	 * @param status the status, {@code PENDING_PAYMENT} for the alert on waiting payments
	 * @return the order, if any is in that status
	 */
	Optional<Order> findFirstByStatusOrderByCreatedAtAsc(OrderStatus status);

}
