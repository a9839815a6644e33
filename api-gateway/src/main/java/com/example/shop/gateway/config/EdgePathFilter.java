package com.example.shop.gateway.config;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The first check on the public port, before authentication and routing. Paths that hide
 * a traversal or a second meaning from the gateway's matchers (encoded dots, slashes and
 * backslashes, NUL, matrix parameters, empty segments) are refused with 400; internal,
 * actuator and circuit-breaker fallback paths are answered 404, as if they did not exist,
 * whatever the token (a fallback is reached by the gateway's internal forward only).
 */
@Component
class EdgePathFilter implements WebFilter, Ordered {

	private static final List<String> TRICKS = List.of("%2e", "%2f", "%5c", "%00", "%25", ";", "//", "\\", "/./",
			"/../");

	private static final List<String> NEVER_ROUTED = List.of("/internal", "/actuator", "/fallback");

	private final ManagementPort managementPort;

	EdgePathFilter(Environment environment) {
		this.managementPort = new ManagementPort(environment);
	}

	@Override
	public int getOrder() {
		// Before Spring Security's WebFilterChainProxy (-100).
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		String raw = exchange.getRequest().getURI().getRawPath();
		String lower = raw.toLowerCase(Locale.ROOT);
		if (TRICKS.stream().anyMatch(lower::contains) || lower.endsWith("/..") || lower.endsWith("/.")) {
			return ProblemDetails.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
					"The request path is not in canonical form.");
		}
		if (NEVER_ROUTED.stream().anyMatch((prefix) -> lower.equals(prefix) || lower.startsWith(prefix + "/"))) {
			return ProblemDetails.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "No such resource.");
		}
		return chain.filter(exchange);
	}

}
