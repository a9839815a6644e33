package com.example.shop.orderservice.payment;

import java.math.BigDecimal;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Asks payment-service to pay an order and reduces every answer to an outcome. Only an
 * explicit answer settles an order; a failure, a timeout or an error answer leaves it
 * pending, to be retried with the same idempotency key, so that nothing is charged twice
 * or lost.
 */
@Component
public class PaymentGateway {

	private static final Logger logger = LoggerFactory.getLogger(PaymentGateway.class);

	private final PaymentClient client;

	PaymentGateway(PaymentClient client) {
		this.client = client;
	}

	public Outcome pay(UUID orderId, String idempotencyKey, BigDecimal amount, String currency) {
		try {
			PaymentClient.PaymentResult result = this.client.authorize(idempotencyKey,
					new PaymentClient.PaymentRequest(orderId, amount, currency));
			return switch ((result != null) ? result.status() : "") {
				case "AUTHORIZED" -> Outcome.PAID;
				case "DECLINED" -> Outcome.DECLINED;
				default -> Outcome.UNSETTLED;
			};
		}
		catch (RuntimeException ex) {
			// Feign's messages may quote the response; the type is enough and never holds
			// a token.
			logger.warn("Payment of order {} not settled: {}", orderId, ex.getClass().getSimpleName());
			return Outcome.UNSETTLED;
		}
	}

	/**
	 * How a payment attempt ended.
	 */
	public enum Outcome {

		PAID, DECLINED, UNSETTLED

	}

}
