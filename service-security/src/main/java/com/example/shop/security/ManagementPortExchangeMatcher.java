package com.example.shop.security;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Matches reactive requests that arrived on the {@link ManagementPort}: the management
 * chain's matcher, and the gateway's edge filters' test for requests they leave alone.
 */
public final class ManagementPortExchangeMatcher implements ServerWebExchangeMatcher {

	private final ManagementPort managementPort;

	ManagementPortExchangeMatcher(ManagementPort managementPort) {
		this.managementPort = managementPort;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return isManagementRequest(exchange) ? MatchResult.match() : MatchResult.notMatch();
	}

	/**
	 * Whether the request was accepted on the management port.
	 * @param exchange the request
	 * @return true on the management server's port only
	 */
	public boolean isManagementRequest(ServerWebExchange exchange) {
		return isManagementRequest(exchange.getRequest());
	}

	/**
	 * Whether the request was accepted on the management port.
	 * @param request the request
	 * @return true on the management server's port only
	 */
	boolean isManagementRequest(ServerHttpRequest request) {
		InetSocketAddress local = request.getLocalAddress();
		return local != null && this.managementPort.isManagementPort(local.getPort());
	}

}
