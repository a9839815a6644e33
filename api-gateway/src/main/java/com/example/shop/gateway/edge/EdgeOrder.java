package com.example.shop.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.security.web.server.WebFilterChainProxy;

/**
 * The order of the edge's web filters on the public port, declared in one place. After
 * them comes Spring Security's chain ({@link WebFilterChainProxy}, order -100), then the
 * router, whose route filters run in the order each route lists them
 * ({@code application.yml}: {@code AdminAddress}, {@code RedisRateLimit},
 * {@code TokenExchange}, {@code CircuitBreaker}).
 */
final class EdgeOrder {

	/**
	 * The access log: outside every filter that may refuse a request, so that refusals
	 * are logged too.
	 */
	static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 5;

	/** The path and query are canonical, or the request is refused (400, 404). */
	static final int CANONICAL_REQUEST = Ordered.HIGHEST_PRECEDENCE + 10;

	/**
	 * The client's address is settled: the peer's, or through a trusted proxy only the
	 * address it forwards (400 when that is not an address).
	 */
	static final int CLIENT_ADDRESS = Ordered.HIGHEST_PRECEDENCE + 15;

	/** A cross-origin request comes from an allowed origin, or it is refused (403). */
	static final int CROSS_ORIGIN = Ordered.HIGHEST_PRECEDENCE + 17;

	/** The body is within the limit, or the request is refused (413). */
	static final int BODY_SIZE = Ordered.HIGHEST_PRECEDENCE + 20;

	/**
	 * Login, callback and logout are rate-limited per client address (429) before Spring
	 * Security would create a session for them.
	 */
	static final int LOGIN_RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 30;

	/**
	 * After Spring Security's chain let a request through: the access log learns its
	 * user.
	 */
	static final int ACCESS_LOG_USER = 0;

	private EdgeOrder() {
	}

}
