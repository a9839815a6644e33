package com.example.shop.security.mtls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts the TLS connections callers open, per calling service, as
 * {@code shop.tls.inbound.connections}: each new connection is a TLS handshake, so the
 * ratio of requests to connections shows whether a client reuses its pooled connections.
 * A connection is recognised by the servlet container's connection id.
 */
final class InboundConnections {

	private static final int REMEMBERED = 10_000;

	private final MeterRegistry meters;

	// Access-ordered and bounded: a connection idle through 10,000 newer ones is counted
	// again, which is rare enough for a rate.
	private final Set<String> seen = Collections
		.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > REMEMBERED;
			}

		}));

	InboundConnections(MeterRegistry meters) {
		this.meters = meters;
	}

	void record(HttpServletRequest request, String caller) {
		if (this.meters == null || !this.seen.add(request.getServletConnection().getConnectionId())) {
			return;
		}
		Counter.builder("shop.tls.inbound.connections")
			.description("TLS connections opened by callers")
			.tag("caller", (caller != null) ? caller : "none")
			.register(this.meters)
			.increment();
	}

}
