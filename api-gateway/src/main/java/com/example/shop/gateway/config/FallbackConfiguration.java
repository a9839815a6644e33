package com.example.shop.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Where a route's circuit breaker sends a request the service could not answer (refused
 * connection, timeout, open circuit): 503 with a problem-details body instead of a
 * gateway error.
 */
@Configuration(proxyBeanMethods = false)
class FallbackConfiguration {

	static final String UNAVAILABLE = "/fallback/unavailable";

	@Bean
	RouterFunction<ServerResponse> unavailableFallback() {
		return RouterFunctions.route()
			.route((request) -> request.path().equals(UNAVAILABLE),
					(request) -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
						.build((exchange, context) -> ProblemDetails.write(exchange.getResponse(),
								HttpStatus.SERVICE_UNAVAILABLE, "The service is unavailable; retry later.")))
			.build();
	}

}
