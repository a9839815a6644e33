package com.example.shop.orderservice.order;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.shop.orderservice.payment.ServiceToken;

import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles orders left {@code PENDING_PAYMENT} because payment-service did not answer:
 * each is asked for again with the order's own idempotency key, so an attempt that did
 * reach payment-service is replayed, not charged twice. No user is present, so the call
 * carries order-service's client-credentials token, never a stored user token. Several
 * replicas may run this at once: the key makes their attempts one payment.
 */
@Component
class PendingPaymentRetry {

	private static final Logger logger = LoggerFactory.getLogger(PendingPaymentRetry.class);

	private final OrderRepository orders;

	private final OrderService orderService;

	private final ServiceToken serviceToken;

	private final PaymentRetryProperties properties;

	PendingPaymentRetry(OrderRepository orders, OrderService orderService, ServiceToken serviceToken,
			PaymentRetryProperties properties) {
		this.orders = orders;
		this.orderService = orderService;
		this.serviceToken = serviceToken;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${shop.payment-retry.interval}",
			fixedDelayString = "${shop.payment-retry.interval}")
	void retryPendingPayments() {
		List<Order> due = this.orders.findByStatusAndCreatedAtBeforeOrderByCreatedAtAsc(OrderStatus.PENDING_PAYMENT,
				Instant.now().minus(this.properties.minAge()), PageRequest.ofSize(this.properties.batchSize()));
		if (due.isEmpty()) {
			return;
		}
		String token;
		try {
			token = this.serviceToken.accessToken();
		}
		catch (RuntimeException ex) {
			logger.warn("Pending payments not retried: no service token ({})", ex.getClass().getSimpleName());
			return;
		}
		int settled = 0;
		int failed = 0;
		for (Order order : due) {
			// One order that fails (its row changed or gone meanwhile, a database error)
			// is left for the next run; the others of the batch are still tried.
			try {
				if (this.orderService.pay(order, () -> token).status() != OrderStatus.PENDING_PAYMENT) {
					settled++;
				}
			}
			catch (RuntimeException ex) {
				failed++;
				logger.warn("Retry of order {} failed: {}", order.getPublicId(), ex.getClass().getSimpleName());
			}
		}
		logger.info("Retried {} pending payments: {} settled, {} failed", due.size(), settled, failed);
	}

}
