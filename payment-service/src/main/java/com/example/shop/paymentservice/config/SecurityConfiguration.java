package com.example.shop.paymentservice.config;

import com.example.shop.security.ShopResourceServer;
import com.example.shop.security.mtls.ServiceCallers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The payment-service's security. Callers first: only order-service's certificate reaches
 * {@code /internal/**}, only the gateway's reaches {@code /api/**}. Then a stateless
 * resource server: every request needs a valid access token, reads need
 * {@code payments:read}, the admin listing {@code admin:read} too. Every scope rule of
 * the public API is here, by URL; roles and ownership are method annotations on the
 * endpoints (the internal API's {@code payments:charge} is an alternative to the user's
 * role there, so it stays with it).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

	/**
	 * The OpenAPI document (springdoc's default path); any valid token reads it.
	 */
	static final String API_DOCS = "/v3/api-docs";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ShopResourceServer resourceServer) {
		// Which services may call which paths, by client certificate; then the token.
		resourceServer.configure(http,
				ServiceCallers.allow("/internal/**", "order-service")
					.and("/api/**", "api-gateway")
					// The API document too: the gateway's API page shows it to logged-in
					// users.
					.and(API_DOCS, "api-gateway"));
		// @formatter:off
		http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.GET, "/api/payments/admin/**")
					.hasAllAuthorities("SCOPE_payments:read", "SCOPE_admin:read")
				.requestMatchers(HttpMethod.GET, "/api/payments", "/api/payments/**")
					.hasAuthority("SCOPE_payments:read")
				.anyRequest().authenticated());
		// @formatter:on
		return http.build();
	}

}
