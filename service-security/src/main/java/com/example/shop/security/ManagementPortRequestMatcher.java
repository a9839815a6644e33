package com.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests that arrived on the management server's port, as Boot publishes it in
 * {@code local.management.port} once that server runs. Where there is no separate
 * management port, it matches nothing, and actuator paths fall under the API's rules.
 */
final class ManagementPortRequestMatcher implements RequestMatcher {

	private final Environment environment;

	ManagementPortRequestMatcher(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		Integer port = this.environment.getProperty("local.management.port", Integer.class);
		return port != null && port > 0 && port == request.getLocalPort();
	}

}
