package com.example.shop.paymentservice.payment;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Payments, always looked up by public id and, for users, by owner too.
 */
interface PaymentRepository extends JpaRepository<Payment, Long> {

	Optional<Payment> findByPublicId(UUID publicId);

	Optional<Payment> findByOwnerSubAndIdempotencyKey(String ownerSub, String idempotencyKey);

	boolean existsByPublicIdAndOwnerSub(UUID publicId, String ownerSub);

	boolean existsByOrderId(UUID orderId);

	Page<Payment> findByOwnerSub(String ownerSub, Pageable pageable);

}
