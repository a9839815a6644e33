package com.example.shop.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * The resource-server half of a servlet service's filter chain, the same in every
 * service: bearer tokens decoded by the shared decoder, Keycloak authorities,
 * problem-details 401 and 403, no session. Each service adds its own request rules.
 */
public final class ShopResourceServer {

	private final KeycloakJwtAuthenticationConverter authorities;

	private final ProblemDetailsAuthenticationEntryPoint entryPoint;

	private final ProblemDetailsAccessDeniedHandler accessDenied;

	ShopResourceServer(KeycloakJwtAuthenticationConverter authorities,
			ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDenied) {
		this.authorities = authorities;
		this.entryPoint = entryPoint;
		this.accessDenied = accessDenied;
	}

	/**
	 * Applies the shared settings to a service's chain.
	 * @param http the service's chain
	 * @return the same chain
	 */
	public HttpSecurity configure(HttpSecurity http) {
		return http
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
