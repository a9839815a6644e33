package com.example.shop.testsupport.logs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The count of one kind of security audit event in an application's meters (the counter
 * {@code shop.audit.events} of service-security's {@code AuditEvents}).
 */
public final class AuditCounts {

	private static final String COUNTER = "shop.audit.events";

	private AuditCounts() {
	}

	/**
	 * How many events of this kind were counted; 0 before the first.
	 * @param meters the application's registry
	 * @param action the event's {@code event.action}
	 * @param outcome its {@code event.outcome}
	 * @param reason its {@code event.reason}, or {@code none}
	 * @return the count
	 */
	public static double of(MeterRegistry meters, String action, String outcome, String reason) {
		Counter counter = meters.find(COUNTER)
			.tag("action", action)
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
