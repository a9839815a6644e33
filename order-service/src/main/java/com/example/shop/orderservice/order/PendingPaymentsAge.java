package com.example.shop.orderservice.order;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * How long the oldest order still waiting for its payment has waited ({@value #GAUGE},
 * Prometheus: {@code shop_orders_pending_oldest_age_seconds}; 0 when none waits). Read
 * from the database at each scrape, so it is true whatever the retry job is doing: the
 * signal that the job is not settling orders (payment-service or Keycloak away, or the
 * job itself stuck). Every replica reports the same value.
 */
@Component
class PendingPaymentsAge implements MeterBinder {

	static final String GAUGE = "shop.orders.pending.oldest.age";

	private final OrderRepository orders;

	PendingPaymentsAge(OrderRepository orders) {
		this.orders = orders;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TimeGauge.builder(GAUGE, this, TimeUnit.SECONDS, PendingPaymentsAge::seconds)
			.description("Age of the oldest order waiting for its payment")
			.register(registry);
	}

	double seconds() {
		return this.orders.findFirstByStatusOrderByCreatedAtAsc(OrderStatus.PENDING_PAYMENT)
			.map((order) -> Duration.between(order.getCreatedAt(), Instant.now()).toMillis() / 1000.0)
			.orElse(0.0);
	}

}
