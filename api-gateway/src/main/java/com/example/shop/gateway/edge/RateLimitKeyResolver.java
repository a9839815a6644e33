package com.example.shop.gateway.edge;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * The rate-limit key of a request: the user's {@code sub}, whether a bearer token or a
 * browser session authenticated it (a user has one bucket whichever way they come, and
 * users behind one address do not share one); else the client's address, resolved through
 * trusted proxies only, so a client cannot pick its own bucket by sending
 * {@code X-Forwarded-For} itself.
 */
public final class RateLimitKeyResolver implements KeyResolver {

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return exchange.getPrincipal().flatMap((principal) -> {
			if (principal instanceof JwtAuthenticationToken jwt) {
				return Mono.just("user:" + jwt.getToken().getSubject());
			}
			if (principal instanceof OAuth2AuthenticationToken session) {
				// The registration names the user by sub (user-name-attribute).
				return Mono.just("user:" + session.getName());
			}
			return Mono.empty();
		}).switchIfEmpty(Mono.fromSupplier(() -> addressKey(exchange)));
	}

	/**
	 * The client address's key, for limits that apply before anyone is authenticated.
	 * @param exchange the request
	 * @return {@code ip:} and the address, or {@code ip:unknown}
	 */
	String addressKey(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return "ip:"
				+ ((remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown");
	}

}
