package com.example.shop.security;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Matches reactive requests that arrived on the {@link ManagementPort}.
 */
final class ManagementPortExchangeMatcher implements ServerWebExchangeMatcher {

	private final ManagementPort managementPort;

	ManagementPortExchangeMatcher(ManagementPort managementPort) {
		this.managementPort = managementPort;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		return (local != null && this.managementPort.isManagementPort(local.getPort())) ? MatchResult.match()
				: MatchResult.notMatch();
	}

}
