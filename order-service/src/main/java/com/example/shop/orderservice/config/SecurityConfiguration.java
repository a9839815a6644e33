package com.example.shop.orderservice.config;

import com.example.shop.security.ShopResourceServer;
import com.example.shop.security.mtls.ServiceCallers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The order-service's security. Callers first: only the gateway's certificate reaches
 * {@code /api/**} and the API's OpenAPI document, and nothing else is served. Then a
 * stateless resource server: the catalogue is public; reading orders needs
 * {@code orders:read}, changing them {@code orders:write}, the admin listing
 * {@code admin:read} too. Every scope rule is here, by URL; roles and ownership are
 * method annotations on the endpoints.
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
		// The API document too: the gateway's API page shows it to logged-in users.
		resourceServer.configure(http, ServiceCallers.allow("/api/**", "api-gateway").and(API_DOCS, "api-gateway"));
		// @formatter:off
		http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.GET, "/api/public/**").permitAll()
				.requestMatchers(HttpMethod.GET, "/api/orders/admin/**")
					.hasAllAuthorities("SCOPE_orders:read", "SCOPE_admin:read")
				.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**").hasAuthority("SCOPE_orders:read")
				.requestMatchers(HttpMethod.POST, "/api/orders").hasAuthority("SCOPE_orders:write")
				.requestMatchers(HttpMethod.DELETE, "/api/orders/**").hasAuthority("SCOPE_orders:write")
				.anyRequest().authenticated());
		// @formatter:on
		return http.build();
	}

}
