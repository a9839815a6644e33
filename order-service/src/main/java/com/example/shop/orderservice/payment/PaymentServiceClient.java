package com.example.shop.orderservice.payment;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.function.Supplier;

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
public class PaymentServiceClient {

	private static final Logger logger = LoggerFactory.getLogger(PaymentServiceClient.class);

	private final PaymentServiceApi client;

	PaymentServiceClient(PaymentServiceApi client) {
		this.client = client;
	}

	/**
	 * Asks for the payment of an order.
	 * @param charge the order's payment
	 * @param accessToken gives the token for payment-service: the user's, exchanged for
	 * payment-service, or order-service's own when no user is present; a failure to get
	 * it leaves the payment unsettled like a failed call
	 * @return how it ended
	 */
	public Outcome pay(Charge charge, Supplier<String> accessToken) {
		UUID orderId = charge.orderId();
		try {
			PaymentServiceApi.PaymentResult result = this.client.authorize("Bearer " + accessToken.get(),
					charge.idempotencyKey(), new PaymentServiceApi.PaymentRequest(orderId, charge.amount(),
							charge.currency(), charge.customerId()));
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
	 * The payment of one order; always the same for the same order.
	 *
	 * @param orderId the order's public id
	 * @param idempotencyKey the order's key: every attempt for the order uses it
	 * @param amount the order's total
	 * @param currency ISO 4217 code
	 * @param customerId the order's owner
	 */
	public record Charge(UUID orderId, String idempotencyKey, BigDecimal amount, String currency, String customerId) {

	}

	/**
	 * How a payment attempt ended.
	 */
	public enum Outcome {

		PAID, DECLINED, UNSETTLED

	}

}
