package com.example.shop.paymentservice.payment;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payments for users (their own) and admins (all, and refunds). Scopes are checked by URL
 * in the {@code SecurityConfiguration}, roles and ownership here. The admin operations
 * are audit events: who (the request's {@code user.id}), what, and on which payment.
 */
@RestController
@RequestMapping("/api/payments")
@Tag(name = "payments", description = "Your payments; every user's for admins")
class PaymentController {

	private final PaymentService payments;

	private final AuditEvents audit;

	PaymentController(PaymentService payments, AuditEvents audit) {
		this.payments = payments;
		this.audit = audit;
	}

	@GetMapping
	@PreAuthorize("hasRole('USER')")
	@Operation(operationId = "listPayments", summary = "Your payments, newest first")
	@ApiAccess(scopes = "payments:read", roles = "USER")
	PaymentPage list(@ParameterObject @PageableDefault(size = 20, sort = "createdAt",
			direction = Sort.Direction.DESC) Pageable pageable, Authentication authentication) {
		return PaymentPage.of(this.payments.listOwn(authentication.getName(), pageable));
	}

	/**
	 * Every user's payments: an admin operation of its own (the gateway routes it only
	 * from the admin addresses), not an admin's view of the user's list.
	 */
	@GetMapping("/admin/all")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "listAllPayments", summary = "Every user's payments (an admin operation)",
			description = "Routed by the gateway only from the admin addresses.")
	@ApiAccess(scopes = { "payments:read", "admin:read" }, roles = "ADMIN")
	PaymentPage all(@ParameterObject @PageableDefault(size = 20, sort = "createdAt",
			direction = Sort.Direction.DESC) Pageable pageable) {
		return this.audit.operation(Action.LIST_ALL, Map.of(), "Read of every user's payments",
				() -> PaymentPage.of(this.payments.listAll(pageable)));
	}

	@GetMapping("/{id}")
	@OwnerOrAdmin(owners = "paymentService")
	@Operation(operationId = "getPayment", summary = "One payment")
	@ApiAccess(scopes = "payments:read", ownerOrAdmin = true)
	PaymentView get(@PathVariable UUID id) {
		return this.payments.find(id);
	}

	@PostMapping("/{id}/refund")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "refundPayment", summary = "Refund an authorized payment (an admin operation)",
			description = "Routed by the gateway only from the admin addresses.")
	@ApiResponse(responseCode = "200", description = "Refunded")
	@ApiResponse(responseCode = "404", description = "No such payment")
	@ApiResponse(responseCode = "409", description = "The payment is not authorized (already refunded)")
	@ApiAccess(roles = "ADMIN")
	PaymentView refund(@PathVariable UUID id) {
		return this.audit.operation(Action.PAYMENT_REFUND, Map.of("shop.payment.id", id), "Refund of payment " + id,
				() -> this.payments.refund(id));
	}

	/**
	 * One page of payments.
	 *
	 * @param content the payments
	 * @param page the page number, from 0
	 * @param size the page size
	 * @param totalElements how many there are in all
	 */
	record PaymentPage(List<PaymentView> content, int page, int size, long totalElements) {

		static PaymentPage of(Page<PaymentView> page) {
			return new PaymentPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements());
		}

	}

}
