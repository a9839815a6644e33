package com.example.shop.gateway.edge;

import java.time.Duration;
import java.util.List;

import com.example.shop.gateway.config.GatewayProperties;
import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Cross-origin calls to the API only from the configured origins, exactly: a request from
 * any other origin gets 403 with a problem body and no
 * {@code Access-Control-Allow-Origin}; a valid preflight is answered here. Spring's own
 * CORS filter refuses with an empty body.
 */
@Component
class CrossOriginFilter implements WebFilter, Ordered {

	private final UrlBasedCorsConfigurationSource configurations = new UrlBasedCorsConfigurationSource();

	private final CorsProcessor processor = new DefaultCorsProcessor();

	CrossOriginFilter(GatewayProperties properties) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(properties.allowedOrigins());
		configuration.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
		configuration.setMaxAge(Duration.ofMinutes(10));
		this.configurations.registerCorsConfiguration("/api/**", configuration);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.CROSS_ORIGIN;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		CorsConfiguration configuration = this.configurations.getCorsConfiguration(exchange);
		if (!this.processor.process(configuration, exchange)) {
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
					"Cross-origin requests are accepted from the configured origins only.");
		}
		return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
	}

}
