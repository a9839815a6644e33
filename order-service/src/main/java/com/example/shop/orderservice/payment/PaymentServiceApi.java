package com.example.shop.orderservice.payment;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * payment-service's internal API as a Feign contract, over mutual TLS (see
 * {@link PaymentClientConfiguration}). Each call carries a token explicitly: the user's,
 * exchanged for payment-service ({@link PaymentTokens}), or order-service's own, never
 * one taken from a thread-local by accident.
 */
@FeignClient(name = "payment-service", url = "${shop.payment-service.url}")
interface PaymentServiceApi {

	@PostMapping("/internal/payments")
	PaymentResult authorize(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
			@RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody PaymentRequest request);

	/**
	 * What is asked of payment-service.
	 *
	 * @param orderId the order's public id
	 * @param amount the order's total
	 * @param currency ISO 4217 code
	 * @param customerId the order's owner
	 */
	record PaymentRequest(UUID orderId, BigDecimal amount, String currency, String customerId) {

	}

	/**
	 * What payment-service answers; only the status is used.
	 *
	 * @param paymentId the payment's public id
	 * @param status {@code AUTHORIZED} or {@code DECLINED}
	 */
	record PaymentResult(UUID paymentId, String status) {

	}

}
