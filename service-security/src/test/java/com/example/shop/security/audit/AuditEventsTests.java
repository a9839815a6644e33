package com.example.shop.security.audit;

import java.net.InetSocketAddress;
import java.util.Map;

import ch.qos.logback.classic.Level;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.CapturedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shape of an audit event, and an audited operation's success and failures: each one
 * line and one count, the operation's own answer or error unchanged.
 */
class AuditEventsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AuditEvents audit = new AuditEvents(this.meters);

	private final CapturedLog log = CapturedLog.of(AuditEvents.LOGGER);

	@AfterEach
	void releaseAuditLog() {
		this.log.close();
	}

	@Test
	void recordWhenFailureThenWarnWithEventFieldsAndCountedOncePerEvent() {
		this.audit.record(Action.ACCESS_CHECK, Outcome.FAILURE, "not-granted", Map.of("url.path", "/api/x"), "Denied");
		this.audit.record(Action.ACCESS_CHECK, Outcome.FAILURE, "not-granted", Map.of(), "Denied");

		assertThat(this.log.events()).hasSize(2).first().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(CapturedLog.fields(event)).containsEntry("event.kind", "event")
				.containsEntry("event.category", "iam")
				.containsEntry("event.action", "access-check")
				.containsEntry("event.outcome", "failure")
				.containsEntry("event.reason", "not-granted")
				.containsEntry("url.path", "/api/x");
		});
		assertThat(AuditCounts.of(this.meters, "access-check", "failure", "not-granted")).isEqualTo(2);
		assertThat(this.meters.find(AuditEvents.COUNTER).counters()).hasSize(1);
	}

	@Test
	void operationWhenDoneThenInfoSuccessAndItsResult() {
		String result = this.audit.operation(Action.PAYMENT_REFUND, Map.of("shop.payment.id", "p-1"),
				"Refund of payment p-1", () -> "refunded");

		assertThat(result).isEqualTo("refunded");
		assertThat(this.log.events()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage()).isEqualTo("Refund of payment p-1 done");
			assertThat(CapturedLog.fields(event)).containsEntry("event.action", "payment-refund")
				.containsEntry("event.outcome", "success")
				.containsEntry("shop.payment.id", "p-1")
				.doesNotContainKey("event.reason");
		});
		assertThat(AuditCounts.of(this.meters, "payment-refund", "success", "none")).isEqualTo(1);
	}

	@Test
	void operationWhenRefusedThenFailureByStatusCategoryAndTheSameErrorThrown() {
		refused(HttpStatus.NOT_FOUND, "not-found");
		refused(HttpStatus.CONFLICT, "conflict");
		refused(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable");
		refused(HttpStatus.BAD_REQUEST, "error");
		IllegalStateException broken = new IllegalStateException("database gone");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.audit.operation(Action.ORDER_DELETE, Map.of(), "Delete of order 1", () -> {
				throw broken;
			}))
			.isSameAs(broken);

		assertThat(AuditCounts.of(this.meters, "order-delete", "failure", "error")).isEqualTo(2);
		assertThat(AuditCounts.of(this.meters, "order-delete", "success", "none")).isZero();
		assertThat(this.log.events()).last()
			.satisfies(
					(event) -> assertThat(event.getFormattedMessage()).isEqualTo("Delete of order 1 refused (error)"));
	}

	@Test
	void requestWhenClientKnownThenItsAddressElseNone() {
		assertThat(AuditEvents.request("GET", "/api/orders", new InetSocketAddress("192.0.2.7", 443))).containsExactly(
				Map.entry("http.request.method", "GET"), Map.entry("url.path", "/api/orders"),
				Map.entry("client.ip", "192.0.2.7"));
		assertThat(AuditEvents.request("GET", "/api/orders", InetSocketAddress.createUnresolved("gateway", 443)))
			.doesNotContainKey("client.ip");
		assertThat(AuditEvents.request("GET", "/api/orders", null)).doesNotContainKey("client.ip");
	}

	private void refused(HttpStatus status, String reason) {
		ErrorResponseException error = new ErrorResponseException(status, ProblemDetail.forStatus(status), null);
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> this.audit
			.operation(Action.ORDER_DELETE, Map.of("shop.order.id", "o-1"), "Delete of order o-1", () -> {
				throw error;
			})).isSameAs(error);
		assertThat(this.log.events()).last().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(CapturedLog.fields(event)).containsEntry("event.outcome", "failure")
				.containsEntry("event.reason", reason);
		});
		assertThat(AuditCounts.of(this.meters, "order-delete", "failure", reason)).isPositive();
	}

}
