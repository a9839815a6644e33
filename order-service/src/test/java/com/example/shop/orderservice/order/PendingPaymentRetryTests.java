package com.example.shop.orderservice.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.example.shop.orderservice.payment.ServiceToken;
import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Pageable;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The retry job's batch: an order that fails is left for the next run and the rest of the
 * batch is still paid.
 */
class PendingPaymentRetryTests {

	private final OrderRepository orders = mock();

	private final OrderService orderService = mock();

	private final ServiceToken serviceToken = mock();

	private final PendingPaymentRetry retry = new PendingPaymentRetry(this.orders, this.orderService, this.serviceToken,
			new PaymentRetryProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), 20));

	@Test
	void retryWhenOneOrderFailsThenTheOthersOfTheBatchAreStillPaid() {
		Order first = new Order("alice", "EUR");
		Order failing = new Order("bob", "EUR");
		Order last = new Order("carol", "EUR");
		given(this.orders.findByStatusAndCreatedAtBeforeOrderByCreatedAtAsc(eq(OrderStatus.PENDING_PAYMENT),
				any(Instant.class), any(Pageable.class)))
			.willReturn(List.of(first, failing, last));
		given(this.serviceToken.accessToken()).willReturn("service-token");
		given(this.orderService.pay(eq(first), any())).willReturn(OrderView.of(first));
		given(this.orderService.pay(eq(failing), any()))
			.willThrow(new OptimisticLockingFailureException("changed meanwhile"));
		given(this.orderService.pay(eq(last), any())).willReturn(OrderView.of(last));

		this.retry.retryPendingPayments();

		verify(this.orderService).pay(eq(first), argThat((token) -> "service-token".equals(token.get())));
		verify(this.orderService).pay(eq(failing), any());
		verify(this.orderService).pay(eq(last), argThat((token) -> "service-token".equals(token.get())));
	}

	@Test
	void retryWhenNoServiceTokenThenNoOrderIsTried() {
		Order pending = new Order("alice", "EUR");
		given(this.orders.findByStatusAndCreatedAtBeforeOrderByCreatedAtAsc(eq(OrderStatus.PENDING_PAYMENT),
				any(Instant.class), any(Pageable.class)))
			.willReturn(List.of(pending));
		given(this.serviceToken.accessToken()).willThrow(new IllegalStateException("Keycloak down"));

		this.retry.retryPendingPayments();

		verify(this.orderService, never()).pay(any(), any());
	}

}
