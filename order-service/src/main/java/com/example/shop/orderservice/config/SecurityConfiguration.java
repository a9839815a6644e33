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
 * {@code /api/**}, and nothing else is served. Then a stateless resource server: the
 * catalogue is public; reading orders needs {@code orders:read}, changing them
 * {@code orders:write}; roles and ownership are {@code @PreAuthorize} rules on the
 * endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ShopResourceServer resourceServer) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/public/**")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**")
			.hasAuthority("SCOPE_orders:read")
			.requestMatchers(HttpMethod.POST, "/api/orders")
			.hasAuthority("SCOPE_orders:write")
			.requestMatchers(HttpMethod.DELETE, "/api/orders/**")
			.hasAuthority("SCOPE_orders:write")
			.anyRequest()
			.authenticated());
		resourceServer.configure(http, ServiceCallers.allow("/api/**", "api-gateway"));
		return http.build();
	}

}
