package com.example.shop.security;

import io.micrometer.core.instrument.MeterRegistry;

import com.example.shop.security.mtls.ServiceCallers;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * The resource-server half of a servlet service's filter chain, the same in every
 * service: bearer tokens decoded by the shared decoder, Keycloak authorities,
 * problem-details 401 and 403, no session, and the calling service checked against an
 * allow-list before the token. Each service adds its own request rules.
 */
public final class ShopResourceServer {

	private final KeycloakJwtAuthenticationConverter authorities;

	private final ProblemDetailsAuthenticationEntryPoint entryPoint;

	private final ProblemDetailsAccessDeniedHandler accessDenied;

	private final MeterRegistry meters;

	ShopResourceServer(KeycloakJwtAuthenticationConverter authorities,
			ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDenied,
			MeterRegistry meters) {
		this.authorities = authorities;
		this.entryPoint = entryPoint;
		this.accessDenied = accessDenied;
		this.meters = meters;
	}

	/**
	 * Applies the shared settings to a service's chain.
	 * @param http the service's chain
	 * @param callers the services allowed to call each path, by client certificate
	 * @return the same chain
	 */
	public HttpSecurity configure(HttpSecurity http, ServiceCallers callers) {
		return http.addFilterBefore(callers.filter(this.meters), BearerTokenAuthenticationFilter.class)
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.jwt((jwt) -> jwt.jwtAuthenticationConverter(this.authorities))
						.authenticationEntryPoint(this.entryPoint)
						.accessDeniedHandler(this.accessDenied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint)
				.accessDeniedHandler(this.accessDenied))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Stateless bearer-token API: no cookie authenticates a request, so there is
			// no CSRF.
			.csrf((csrf) -> csrf.disable());
	}

}
