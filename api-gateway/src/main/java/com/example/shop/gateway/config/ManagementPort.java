package com.example.shop.gateway.config;

import java.net.InetSocketAddress;

import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells requests to the management server's port (Boot's {@code local.management.port})
 * from requests to the public port.
 */
public final class ManagementPort {

	private final Environment environment;

	public ManagementPort(Environment environment) {
		this.environment = environment;
	}

	public boolean isManagementRequest(ServerWebExchange exchange) {
		Integer port = this.environment.getProperty("local.management.port", Integer.class);
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		return port != null && port > 0 && local != null && local.getPort() == port;
	}

}
