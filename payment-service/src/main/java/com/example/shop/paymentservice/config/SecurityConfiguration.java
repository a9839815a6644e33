package com.example.shop.paymentservice.config;

import com.example.shop.security.KeycloakJwtAuthenticationConverter;
import com.example.shop.security.ProblemDetailsAccessDeniedHandler;
import com.example.shop.security.ProblemDetailsAuthenticationEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The payment-service's security: a stateless resource server; every request needs a
 * valid access token, reads need {@code payments:read}; finer rules are
 * {@code @PreAuthorize} on the endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, KeycloakJwtAuthenticationConverter authorities,
			ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDenied) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(HttpMethod.GET, "/api/payments", "/api/payments/**")
					.hasAuthority("SCOPE_payments:read")
					.anyRequest()
					.authenticated())
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.jwt((jwt) -> jwt.jwtAuthenticationConverter(authorities))
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(accessDenied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Stateless bearer-token API: no cookie authenticates a request, so there is
			// no CSRF.
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
