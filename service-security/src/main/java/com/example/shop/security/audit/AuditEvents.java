package com.example.shop.security.audit;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

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
			Counter.builder(COUNTER)
				.description("Security audit events by action, outcome and reason")
				.tag("action", action.value)
				.tag("outcome", outcome.value)
				.tag("reason", (reason != null) ? reason : "none")
				.register(this.meters)
				.increment();
		}
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
		RATE_LIMIT_FAIL_OPEN("rate-limit-fail-open", "web");

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
