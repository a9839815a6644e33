package com.example.shop.paymentservice.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment as clients see it: no internal id, no owner, no idempotency data, no card
 * data.
 *
 * @param paymentId the payment's public id
 * @param orderId the order it pays
 * @param status where it stands
 * @param amount the amount
 * @param currency ISO 4217 code
 * @param createdAt when it was authorized or declined
 */
public record PaymentView(UUID paymentId, UUID orderId, PaymentStatus status, BigDecimal amount, String currency,
		Instant createdAt) {

	static PaymentView of(Payment payment) {
		return new PaymentView(payment.getPublicId(), payment.getOrderId(), payment.getStatus(), payment.getAmount(),
				payment.getCurrency(), payment.getCreatedAt());
	}

}
