package com.example.shop.gateway.config;

import java.time.Duration;
import java.util.List;

import com.example.shop.gateway.ratelimit.ClientKeyResolver;
import com.example.shop.security.KeycloakJwtAuthenticationConverter;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway's security: every request but the public catalogue carries a bearer token
 * that is validated fully (the same rules as the services) before anything is routed, so
 * an invalid token never reaches a service. The token then travels downstream unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurityFilterChain(ServerHttpSecurity http,
			KeycloakJwtAuthenticationConverter authorities, GatewayProperties properties) {
		ServerAuthenticationEntryPoint entryPoint = problemDetailsEntryPoint();
		http.cors((cors) -> cors.configurationSource(corsConfiguration(properties)))
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/api/public/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(
					(jwt) -> jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(authorities)))
				.authenticationEntryPoint(entryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			// Bearer tokens only, no session cookie, so no CSRF (the browser login adds
			// both).
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable);
		return http.build();
	}

	@Bean
	ClientKeyResolver clientKeyResolver(GatewayProperties properties) {
		return new ClientKeyResolver(properties.trustedProxies());
	}

	/**
	 * The management port: health, info and prometheus for probes and scrapers, nothing
	 * else. NOTE: that port is never published; in Kubernetes a NetworkPolicy admits only
	 * the kubelet and Prometheus.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementSecurityFilterChain(ServerHttpSecurity http, Environment environment) {
		ManagementPort managementPort = new ManagementPort(environment);
		ServerWebExchangeMatcher onManagementPort = (exchange) -> managementPort.isManagementRequest(exchange)
				? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		http.securityMatcher(onManagementPort)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				.anyExchange()
				.denyAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		return http.build();
	}

	/**
	 * Cross-origin calls only from the configured origins, exactly; a request from any
	 * other origin gets no {@code Access-Control-Allow-Origin}.
	 */
	private static CorsConfigurationSource corsConfiguration(GatewayProperties properties) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(properties.allowedOrigins());
		configuration.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
		configuration.setMaxAge(Duration.ofMinutes(10));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", configuration);
		return source;
	}

	/**
	 * 401 with {@code WWW-Authenticate: Bearer} ({@code error="invalid_token"} for a
	 * refused token) and a problem-details body.
	 */
	private static ServerAuthenticationEntryPoint problemDetailsEntryPoint() {
		return (exchange, exception) -> Mono.defer(() -> {
			String challenge = "Bearer";
			if (exception instanceof OAuth2AuthenticationException oauth
					&& oauth.getError() instanceof BearerTokenError error) {
				// The error code only: its description could tell an attacker which check
				// failed.
				challenge = "Bearer error=\"" + error.getErrorCode() + "\"";
			}
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
			return ProblemDetails.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
					"A valid bearer access token is required.");
		});
	}

}
