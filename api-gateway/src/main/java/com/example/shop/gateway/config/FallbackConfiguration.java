package com.example.shop.gateway.config;

import com.example.shop.security.problem.ReactiveProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a request the service could not answer (refused
 * connection, timeout, open circuit): 503 with a problem-details body instead of a
 * gateway error.
 */
@Configuration(proxyBeanMethods = false)
class FallbackConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(FallbackConfiguration.class);

	static final String UNAVAILABLE = "/fallback/unavailable";

	/** About the time an open circuit waits before it lets a trial request through. */
	private static final String RETRY_AFTER_SECONDS = "5";

	@Bean
	RouterFunction<ServerResponse> unavailableFallback() {
		return RouterFunctions.route()
			.route((request) -> request.path().equals(UNAVAILABLE),
					(request) -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build((exchange, context) -> {
						logCause(exchange);
						return ReactiveProblemResponses.retryLater(exchange.getResponse(),
								HttpStatus.SERVICE_UNAVAILABLE, RETRY_AFTER_SECONDS,
								"The service is unavailable; retry later.");
					}))
			.build();
	}

	/**
	 * Why the route fell back: the client sees only 503, the operator needs the cause
	 * (its type and message; a downstream error's message never holds a token).
	 */
	private static void logCause(ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		logger.warn("Route {} unavailable: {}", (route != null) ? route.getId() : "?",
				(cause != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : "no cause recorded");
	}

}
