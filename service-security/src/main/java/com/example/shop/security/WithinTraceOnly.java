package com.example.shop.security;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;

/**
 * Observes a client call (a database query) only while a span is current: a request's, a
 * scheduled job's. Outside one, each query at start-up and each health check's query
 * would be a trace of its own, which tells nothing and crowds out the traces that do.
 * NOTE: the span, not the parent observation, decides: Spring Security's observations,
 * switched off, leave a no-op observation in scope, both within a traced request and
 * around a health check on the untraced management port.
 */
final class WithinTraceOnly implements ObservationPredicate {

	private final List<String> prefixes;

	private final Supplier<Tracer> tracers;

	private volatile Tracer tracer;

	/**
	 * Applies to the observations whose names start with one of these.
	 * @param prefixes e.g. {@code jdbc.}
	 * @param tracer the application's tracer, looked up on first use ({@code null} while
	 * there is none: then every observation is made, for its metrics)
	 */
	WithinTraceOnly(List<String> prefixes, Supplier<Tracer> tracer) {
		this.prefixes = prefixes;
		this.tracers = tracer;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!applies(name)) {
			return true;
		}
		Tracer current = this.tracer;
		if (current == null) {
			current = this.tracers.get();
			this.tracer = current;
		}
		return current == null || current.currentSpan() != null;
	}

	/** Asked of every observation the application makes, so no stream per call. */
	private boolean applies(String name) {
		for (String prefix : this.prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
