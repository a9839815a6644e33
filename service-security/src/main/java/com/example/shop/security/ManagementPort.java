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

	/**
	 * The port once published: it does not change while the context runs, and reading the
	 * environment (property sources and a conversion) on every request cost more than the
	 * comparison.
	 */
	private volatile int published;

	ManagementPort(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Whether a request that arrived on this local port is a management request.
	 * @param localPort the port the connection was accepted on
	 * @return true on the management server's port only
	 */
	public boolean isManagementPort(int localPort) {
		int port = this.published;
		if (port <= 0) {
			Integer read = this.environment.getProperty("local.management.port", Integer.class);
			if (read == null || read <= 0) {
				return false;
			}
			port = read;
			this.published = port;
		}
		return port == localPort;
	}

}
