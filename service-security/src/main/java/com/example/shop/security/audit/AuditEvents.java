package com.example.shop.security.audit;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.web.ErrorResponse;

/**
 * The platform's security audit events. Each is one structured log line on the logger
 * {@value #LOGGER}, in Elastic Common Schema's event fields ({@code event.kind} "event",
 * {@code event.category}, {@code event.action}, {@code event.outcome} and, for a refusal,
 * {@code event.reason}), with the user and the object where known, at WARN for a failure
 * and INFO otherwise; and one count in the counter {@value #COUNTER} (Prometheus:
 * {@code shop_audit_events_total}) by action, outcome and reason. The values of these
 * fields are a small fixed set, so that alerts and dashboards can rely on them. Never a
 * token, cookie or key in a field.
 */
public final class AuditEvents {

	/** The audit log's logger. */
	public static final String LOGGER = "com.example.shop.audit";

	/** The counter of audit events. */
	public static final String COUNTER = "shop.audit.events";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private final MeterRegistry meters;

	/** One counter per action, outcome and reason: a small fixed set, looked up once. */
	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Audit events counted in this registry.
	 * @param meters the registry, or {@code null} to log only
	 */
	public AuditEvents(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * Records an event.
	 * @param action what happened
	 * @param outcome how it ended
	 * @param reason why it was refused (one of a fixed set per action), or {@code null}
	 * @param fields more fields for the log line (user, object), none of them secret
	 * @param message the human-readable line
	 */
	public void record(Action action, Outcome outcome, String reason, Map<String, ?> fields, String message) {
		LoggingEventBuilder line = ((outcome == Outcome.FAILURE) ? logger.atWarn() : logger.atInfo())
			.addKeyValue("event.kind", "event")
			.addKeyValue("event.category", action.category)
			.addKeyValue("event.action", action.value)
			.addKeyValue("event.outcome", outcome.value);
		if (reason != null) {
			line = line.addKeyValue("event.reason", reason);
		}
		for (Map.Entry<String, ?> field : fields.entrySet()) {
			if (field.getValue() != null) {
				line = line.addKeyValue(field.getKey(), field.getValue());
			}
		}
		line.log(message);
		if (this.meters != null) {
			String tag = (reason != null) ? reason : "none";
			this.counters
				.computeIfAbsent(action.value + "/" + outcome.value + "/" + tag,
						(key) -> Counter.builder(COUNTER)
							.description("Security audit events by action, outcome and reason")
							.tag("action", action.value)
							.tag("outcome", outcome.value)
							.tag("reason", tag)
							.register(this.meters))
				.increment();
		}
	}

	/**
	 * Runs an operation that must leave a trace (an admin's, or one that moves money) and
	 * records it: a success once it returned, a failure with the error's category
	 * ({@code not-found}, {@code conflict}, {@code unprocessable} or {@code error}) if it
	 * threw, which is then thrown on. Who did it is the request's {@code user.id},
	 * already on every line of the request.
	 * @param <T> what the operation returns
	 * @param action what it is
	 * @param fields the object it acts on, none of them secret
	 * @param what the operation in words, e.g. "Refund of payment 42"
	 * @param operation the operation
	 * @return what the operation returned
	 */
	public <T> T operation(Action action, Map<String, ?> fields, String what, Supplier<T> operation) {
		T result;
		try {
			result = operation.get();
		}
		catch (RuntimeException ex) {
			String reason = failure(ex);
			record(action, Outcome.FAILURE, reason, fields, what + " refused (" + reason + ")");
			throw ex;
		}
		record(action, Outcome.SUCCESS, null, fields, what + " done");
		return result;
	}

	/**
	 * The fields that place an event in its request: method, path (never the query, which
	 * may carry anything) and, where known, the client's address.
	 * @param method the request's method
	 * @param path the request's path
	 * @param client the client's address (at the gateway, as the edge settled it), or
	 * {@code null}
	 * @return the fields, in a map that takes more
	 */
	public static Map<String, Object> request(String method, String path, InetSocketAddress client) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("http.request.method", method);
		fields.put("url.path", path);
		if (client != null && client.getAddress() != null) {
			fields.put("client.ip", client.getAddress().getHostAddress());
		}
		return fields;
	}

	private static String failure(RuntimeException ex) {
		int status = (ex instanceof ErrorResponse error) ? error.getStatusCode().value() : 500;
		return switch (status) {
			case 404 -> "not-found";
			case 409 -> "conflict";
			case 422 -> "unprocessable";
			default -> "error";
		};
	}

	/** What happened, with its ECS category. */
	public enum Action {

		/** A browser login at the gateway (OpenID Connect). */
		LOGIN("login", "authentication"),

		/** A request's bearer token checked, and refused (401). */
		TOKEN_CHECK("token-check", "authentication"),

		/**
		 * A request refused for what it asked (403): by the token's roles and scopes, or
		 * by the calling service's allow-list.
		 */
		ACCESS_CHECK("access-check", "iam"),

		/** A request refused by a rate limit (429). */
		RATE_LIMIT("rate-limit", "web"),

		/** A rate limit not enforced because Redis could not be asked (fail open). */
		RATE_LIMIT_FAIL_OPEN("rate-limit-fail-open", "web"),

		/** An admin read every user's records (orders or payments, by service). */
		LIST_ALL("list-all", "database"),

		/** An order deleted, by its owner or an admin. */
		ORDER_DELETE("order-delete", "database"),

		/** A payment refunded by an admin. */
		PAYMENT_REFUND("payment-refund", "database"),

		/**
		 * A service's TLS certificate (its SSL bundle) reloaded from renewed files, for
		 * the connections it accepts and makes from then on.
		 */
		CERTIFICATE_RELOAD("certificate-reload", "configuration");

		private final String value;

		private final String category;

		Action(String value, String category) {
			this.value = value;
			this.category = category;
		}

		/**
		 * The value of {@code event.action}.
		 * @return the action's name in logs and metrics
		 */
		public String value() {
			return this.value;
		}

	}

	/** How it ended: ECS's {@code event.outcome} values. */
	public enum Outcome {

		/** Done as asked. */
		SUCCESS("success"),

		/** Refused or failed. */
		FAILURE("failure"),

		/** Neither: let through without the check (a fail-open). */
		UNKNOWN("unknown");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/**
		 * The value of {@code event.outcome}.
		 * @return the outcome's name in logs and metrics
		 */
		public String value() {
			return this.value;
		}

	}

}
