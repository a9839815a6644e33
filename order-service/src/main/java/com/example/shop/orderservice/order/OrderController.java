package com.example.shop.orderservice.order;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import com.example.shop.security.OwnerOrAdmin;
import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.openapi.ApiAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders: users place and read their own; admins read and delete any. Scopes are checked
 * by URL in the {@code SecurityConfiguration}, roles and ownership here. Deletes and the
 * admins' reads are audit events: who (the request's {@code user.id}), what, and on which
 * order.
 */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "orders", description = "Your orders; every user's for admins")
class OrderController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final OrderService orders;

	private final AuditEvents audit;

	OrderController(OrderService orders, AuditEvents audit) {
		this.orders = orders;
		this.audit = audit;
	}

	@GetMapping
	@PreAuthorize("hasRole('USER')")
	@Operation(operationId = "listOrders", summary = "Your orders, newest first")
	@ApiAccess(scopes = "orders:read", roles = "USER")
	OrderPage list(@ParameterObject @PageableDefault(size = 20, sort = "createdAt",
			direction = Sort.Direction.DESC) Pageable pageable, Authentication authentication) {
		return OrderPage.of(this.orders.list(authentication.getName(), pageable));
	}

	/**
	 * Places an order; 201 once payment-service has answered, 202 while the payment is
	 * pending. With an {@code Idempotency-Key} (8-64 of {@code A-Z a-z 0-9 _ -}, per
	 * user), a repeat of the request gets the order the first one placed, as it stands
	 * now, with {@code Idempotent-Replayed: true}; the key with another request gets 422.
	 * Without the header every request places an order.
	 */
	@PostMapping
	@PreAuthorize("hasRole('USER')")
	@Operation(operationId = "placeOrder", summary = "Place an order and pay for it",
			description = "Send an `Idempotency-Key` to retry safely: the same key and request answer the order "
					+ "the first request placed (`Idempotent-Replayed: true`), never a second one.")
	@ApiResponse(responseCode = "201", description = "Placed and paid")
	@ApiResponse(responseCode = "202", description = "Placed; the payment is pending and retried")
	@ApiResponse(responseCode = "400", description = "An invalid order or Idempotency-Key")
	@ApiResponse(responseCode = "413", description = "The body is larger than the gateway takes")
	@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for another request")
	@ApiAccess(scopes = "orders:write", roles = "USER")
	ResponseEntity<OrderView> place(
			@RequestHeader(name = IDEMPOTENCY_KEY,
					required = false) @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request, JwtAuthenticationToken authentication) {
		OrderService.Placement placement = this.orders.place(authentication.getName(), authentication.getToken(),
				request, idempotencyKey);
		OrderView order = placement.order();
		HttpStatus status = (order.status() == OrderStatus.PENDING_PAYMENT) ? HttpStatus.ACCEPTED : HttpStatus.CREATED;
		return ResponseEntity.status(status)
			.location(URI.create("/api/orders/" + order.orderId()))
			.header("Idempotent-Replayed", String.valueOf(placement.replayed()))
			.body(order);
	}

	@GetMapping("/{id}")
	@OwnerOrAdmin(owners = "orderService")
	@Operation(operationId = "getOrder", summary = "One order")
	@ApiAccess(scopes = "orders:read", ownerOrAdmin = true)
	OrderView get(@PathVariable UUID id) {
		return this.orders.find(id);
	}

	@DeleteMapping("/{id}")
	@OwnerOrAdmin(owners = "orderService")
	@Operation(operationId = "deleteOrder", summary = "Delete an order whose payment failed")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "The order is paid or its payment pending")
	@ApiAccess(scopes = "orders:write", ownerOrAdmin = true)
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		return this.audit.operation(Action.ORDER_DELETE, Map.of(OrderService.ORDER_ID_TAG, id), "Delete of order " + id,
				() -> {
					this.orders.delete(id);
					return ResponseEntity.noContent().build();
				});
	}

	@GetMapping("/admin/all")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "listAllOrders", summary = "Every user's orders (an admin operation)",
			description = "Routed by the gateway only from the admin addresses.")
	@ApiAccess(scopes = { "orders:read", "admin:read" }, roles = "ADMIN")
	OrderPage all(@ParameterObject @PageableDefault(size = 20, sort = "createdAt",
			direction = Sort.Direction.DESC) Pageable pageable) {
		return this.audit.operation(Action.LIST_ALL, Map.of(), "Read of every user's orders",
				() -> OrderPage.of(this.orders.listAll(pageable)));
	}

	/**
	 * One page of orders.
	 *
	 * @param content the orders
	 * @param page the page number, from 0
	 * @param size the page size (at most 100)
	 * @param totalElements how many there are in all
	 */
	record OrderPage(List<OrderView> content, int page, int size, long totalElements) {

		static OrderPage of(Page<OrderView> page) {
			return new OrderPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements());
		}

	}

}
