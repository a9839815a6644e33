package com.example.shop.paymentservice.payment;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API order-service calls to have an order paid, with the user's forwarded
 * token. NOTE: until the mTLS hop exists, the user's JWT alone protects it; the gateway
 * never routes {@code /internal/**}.
 */
@RestController
@RequestMapping("/internal/payments")
class InternalPaymentController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final PaymentService payments;

	InternalPaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping
	@PreAuthorize("hasRole('USER')")
	ResponseEntity<PaymentView> authorize(
			@RequestHeader(IDEMPOTENCY_KEY) @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String idempotencyKey,
			@Valid @RequestBody AuthorizePaymentRequest request, Authentication authentication) {
		PaymentService.Authorization result = this.payments.authorize(authentication.getName(), idempotencyKey,
				request);
		PaymentView payment = result.payment();
		return ResponseEntity.created(URI.create("/api/payments/" + payment.paymentId()))
			.header("Idempotent-Replayed", String.valueOf(result.replayed()))
			.body(payment);
	}

}
