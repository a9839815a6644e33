package com.example.shop.security;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.problem.ServletProblemResponses;
import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.example.shop.security.mtls.ServiceCallers;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * The resource-server half of a servlet service's filter chain, the same in every
 * service: bearer tokens decoded by the shared decoder, Keycloak authorities,
 * problem-details 401 and 403, no session, and the calling service checked against an
 * allow-list before the token. The calling service and the token's subject are log fields
 * of every line the request writes. Each service adds its own request rules.
 */
public final class ShopResourceServer {

	private final KeycloakJwtAuthenticationConverter authorities;

	private final ProblemDetailsAuthenticationEntryPoint entryPoint;

	private final ProblemDetailsAccessDeniedHandler accessDenied;

	private final MeterRegistry meters;

	private final AuditEvents audit;

	private final String retryAfterSeconds;

	ShopResourceServer(KeycloakJwtAuthenticationConverter authorities,
			ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDenied,
			MeterRegistry meters, AuditEvents audit, String keysRetryAfterSeconds) {
		this.authorities = authorities;
		this.entryPoint = entryPoint;
		this.accessDenied = accessDenied;
		this.meters = meters;
		this.audit = audit;
		this.retryAfterSeconds = keysRetryAfterSeconds;
	}

	/**
	 * Applies the shared settings to a service's chain.
	 * @param http the service's chain
	 * @param callers the services allowed to call each path, by client certificate
	 * @return the same chain
	 */
	public HttpSecurity configure(HttpSecurity http, ServiceCallers callers) {
		return http.addFilterBefore(callers.filter(this.meters, this.audit), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new UserLogContextFilter(), BearerTokenAuthenticationFilter.class)
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.jwt((jwt) -> jwt.jwtAuthenticationConverter(this.authorities))
						.authenticationEntryPoint(this.entryPoint)
						.accessDeniedHandler(this.accessDenied)
						.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {

							@Override
							public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
								filter.setAuthenticationFailureHandler(ShopResourceServer.this::onFailure);
								return filter;
							}

						}))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint)
				.accessDeniedHandler(this.accessDenied))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Stateless bearer-token API: no cookie authenticates a request, so there is
			// no CSRF.
			.csrf((csrf) -> csrf.disable());
	}

	/**
	 * A token that could not be checked because the realm's keys cannot be had (Keycloak
	 * unreachable with none cached) is not the caller's fault: 503 with
	 * {@code Retry-After}, not 401 (and not the 500 Spring answers by default).
	 */
	private void onFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		if (exception instanceof AuthenticationServiceException) {
			ServletProblemResponses.retryLater(response, HttpStatus.SERVICE_UNAVAILABLE, this.retryAfterSeconds,
					"The access token cannot be checked now; retry later.");
			return;
		}
		this.entryPoint.commence(request, response, exception);
	}

}
