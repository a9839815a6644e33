package com.example.shop.gateway.edge;

import java.util.List;

import com.example.shop.gateway.config.GatewayProperties;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Rate limits of the endpoints that anyone may call without a session and that make the
 * gateway keep state or call Keycloak: the start of a login (which stores the
 * authorization request in a new session), Keycloak's callback (which redeems a code) and
 * logout. One bucket per client address, before Spring Security runs: past the limit, 429
 * with {@code Retry-After} and no session. With the rate, the pre-login session's short
 * life bounds how many sessions one address can hold. NOTE: not Keycloak's back-channel
 * logout: Keycloak posts one logout token per ended session, all from its own address, so
 * ending many sessions at once (an admin revoking a user's, a realm-wide logout) would
 * run into this limit and leave sessions alive. That endpoint acts only on a token the
 * realm signed, and only callers inside the platform reach it (ClientAddressFilter).
 */
@Component
class LoginRateLimitFilter implements WebFilter, Ordered {

	static final String BUCKET = "login";

	private static final List<String> PREFIXES = List.of("/oauth2/authorization/", "/login/oauth2/code/", "/logout");

	private final TokenBuckets.Bucket bucket;

	private final RateLimitKeyResolver keys;

	LoginRateLimitFilter(TokenBuckets buckets, RateLimitKeyResolver keys, GatewayProperties properties) {
		GatewayProperties.LoginRateLimit limit = properties.loginRateLimit();
		// Fail open: without Redis there is no session store to fill, and no login could
		// finish anyway.
		this.bucket = buckets.bucket(new TokenBuckets.Limit(limit.replenishRate(), limit.burstCapacity(), 1,
				TokenBuckets.OnRedisFailure.ALLOW));
		this.keys = keys;
	}

	@Override
	public int getOrder() {
		return EdgeOrder.LOGIN_RATE_LIMIT;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (path.startsWith(ClientAddressFilter.INTERNAL_ONLY) || PREFIXES.stream().noneMatch(path::startsWith)) {
			return chain.filter(exchange);
		}
		return this.bucket.filter(exchange, BUCKET, this.keys.addressKey(exchange), () -> chain.filter(exchange));
	}

}
