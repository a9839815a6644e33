package com.example.shop.gateway.edge;

import java.util.List;

import com.example.shop.gateway.config.GatewayProperties;
import com.example.shop.security.problem.ReactiveProblemResponses;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.stereotype.Component;

/**
 * {@code AdminAddress}: the route filter of the admin routes, which answers only clients
 * in the allowed address blocks (403 for everyone else, whatever their token). Admin
 * operations are routes of their own in {@code application.yml}, declared where they are
 * routed: the decision follows the router's own match on the canonical path, not a second
 * reading of the path by string prefix.
 */
@Component
public class AdminAddressGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final List<ServerWebExchangeMatcher> allowed;

	public AdminAddressGatewayFilterFactory(GatewayProperties properties) {
		this.allowed = ClientAddressFilter.matchers(properties.adminAllowedCidrs());
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> ClientAddressFilter.isIn(exchange, this.allowed)
			.flatMap((allowed) -> allowed ? chain.filter(exchange)
					: ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
							"Admin operations are not reachable from this address."));
	}

}
