package com.example.shop.gateway.config;

import java.util.List;

import com.example.shop.gateway.ratelimit.Cidr;
import com.example.shop.gateway.ratelimit.ClientKeyResolver;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Admin paths answer only to clients in the allowed address blocks (403 for everyone
 * else, whatever their token). The client address is resolved like the rate limiter's:
 * through trusted proxies only, so a forged {@code X-Forwarded-For} changes nothing.
 */
@Component
class AdminAddressFilter implements WebFilter, Ordered {

	private final List<String> adminPaths;

	private final List<Cidr> allowed;

	private final ClientKeyResolver clients;

	AdminAddressFilter(GatewayProperties properties, ClientKeyResolver clients) {
		this.adminPaths = properties.adminPaths();
		this.allowed = properties.adminAllowedCidrs().stream().map(Cidr::parse).toList();
		this.clients = clients;
	}

	@Override
	public int getOrder() {
		// After the path and size checks, before Spring Security (-100).
		return Ordered.HIGHEST_PRECEDENCE + 30;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		boolean admin = this.adminPaths.stream()
			.anyMatch((prefix) -> path.equals(prefix) || path.startsWith(prefix + "/"));
		if (!admin || isAllowed(this.clients.clientAddress(exchange))) {
			return chain.filter(exchange);
		}
		return ProblemDetails.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
				"Admin paths are not reachable from this address.");
	}

	private boolean isAllowed(String address) {
		return Cidr.literal(address)
			.map((client) -> this.allowed.stream().anyMatch((cidr) -> cidr.contains(client)))
			.orElse(false);
	}

}
