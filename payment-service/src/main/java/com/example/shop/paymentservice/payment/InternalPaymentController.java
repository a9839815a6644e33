package com.example.shop.paymentservice.payment;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API order-service calls to have an order paid: only order-service's client
 * certificate reaches it (see {@code SecurityConfiguration}), and the call still carries
 * a token, which must have been issued to the calling service ({@code azp} is the
 * certificate's service): the user's token exchanged by order-service for
 * payment-service, or, for order-service's retries when no user is present, its
 * client-credentials token with {@code payments:charge}. A user's token pays for that
 * user only. A token the gateway got for a user (or any other client's) is refused here
 * even with the right audience: only order-service places payments. Both are the
 * {@code @PreAuthorize} below. The gateway never routes {@code /internal/**}.
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
	@PreAuthorize("T(com.example.shop.security.mtls.ServiceCaller).is(authentication.token.getClaimAsString('azp'))"
			+ " and (hasRole('USER') ? (#request.customerId() == null or #request.customerId() == authentication.name)"
			+ " : hasAuthority('SCOPE_payments:charge'))")
	ResponseEntity<PaymentView> authorize(
			@RequestHeader(IDEMPOTENCY_KEY) @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String idempotencyKey,
			@Valid @RequestBody AuthorizePaymentRequest request, JwtAuthenticationToken authentication) {
		PaymentService.Authorization result = this.payments
			.authorize(PaymentRequester.of(authentication, request.customerId()), idempotencyKey, request);
		PaymentView payment = result.payment();
		return ResponseEntity.created(URI.create("/api/payments/" + payment.paymentId()))
			.header("Idempotent-Replayed", String.valueOf(result.replayed()))
			.body(payment);
	}

}
