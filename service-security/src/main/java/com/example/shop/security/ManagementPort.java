package com.example.shop.security;

import org.springframework.core.env.Environment;

/**
 * Tells the management server's port from the API's: the port Boot publishes in
 * {@code local.management.port} once that server runs. Where there is no separate
 * management port, no request is a management request, and actuator paths fall under the
 * API's rules.
 */
final class ManagementPort {

	private final Environment environment;

	ManagementPort(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Whether a request that arrived on this local port is a management request.
	 * @param localPort the port the connection was accepted on
	 * @return true on the management server's port only
	 */
	public boolean isManagementPort(int localPort) {
		Integer port = this.environment.getProperty("local.management.port", Integer.class);
		return port != null && port > 0 && port == localPort;
	}

}
