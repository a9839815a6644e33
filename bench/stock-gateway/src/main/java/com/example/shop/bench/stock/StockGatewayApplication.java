package com.example.shop.bench.stock;

import java.security.Principal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Stock Spring Cloud Gateway, as its documentation configures it, for the benchmark to
 * measure the platform's gateway against: {@code /plain/**} routed as it is,
 * {@code /jwt/**} behind an RS256 bearer token, {@code /limited/**} behind the token and
 * Spring's {@link RedisRateLimiter} keyed by the token's subject. Nothing else of the
 * platform.
 */
@SpringBootApplication
public class StockGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(StockGatewayApplication.class, args);
	}

	@Bean
	RouteLocator routes(RouteLocatorBuilder routes, Environment environment, RedisRateLimiter limiter) {
		String backend = environment.getRequiredProperty("bench.backend");
		// @formatter:off
		return routes.routes()
			.route("plain", (route) -> route.path("/plain/**")
				.filters((filters) -> filters.stripPrefix(1))
				.uri(backend))
			.route("jwt", (route) -> route.path("/jwt/**")
				.filters((filters) -> filters.stripPrefix(1))
				.uri(backend))
			.route("limited", (route) -> route.path("/limited/**")
				.filters((filters) -> filters.stripPrefix(1)
					.requestRateLimiter((limit) -> limit.setRateLimiter(limiter).setKeyResolver(subject())))
				.uri(backend))
			.build();
		// @formatter:on
	}

	/**
	 * Far above any load the benchmark makes: the limiter's cost is measured, not its
	 * refusals.
	 */
	@Bean
	RedisRateLimiter redisRateLimiter() {
		return new RedisRateLimiter(1_000_000, 1_000_000, 1);
	}

	private static KeyResolver subject() {
		return (exchange) -> exchange.getPrincipal().map(Principal::getName);
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		// @formatter:off
		http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/plain/**").permitAll()
				.anyExchange().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable);
		// @formatter:on
		return http.build();
	}

}
