package com.example.shop.security;

import com.example.shop.security.problem.ReactiveProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity.OAuth2ResourceServerSpec;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

/**
 * The resource-server half of a reactive application's chain: bearer tokens decoded by
 * the shared decoder, Keycloak authorities, problem-details 401, and 503 when the realm's
 * keys cannot be had. The application adds its own rules and entry points.
 */
public final class ShopReactiveResourceServer {

	private final KeycloakJwtAuthenticationConverter authorities;

	private final ServerAuthenticationEntryPoint entryPoint;

	private final String retryAfterSeconds;

	ShopReactiveResourceServer(KeycloakJwtAuthenticationConverter authorities,
			ProblemDetailsServerAuthenticationEntryPoint entryPoint, String keysRetryAfterSeconds) {
		this.authorities = authorities;
		this.entryPoint = entryPoint;
		this.retryAfterSeconds = keysRetryAfterSeconds;
	}

	/**
	 * The bearer-token settings of {@code oauth2ResourceServer}.
	 * @param tokens how the token is read from the request
	 * @return the customizer
	 */
	public Customizer<OAuth2ResourceServerSpec> bearerTokens(ServerAuthenticationConverter tokens) {
		return (resourceServer) -> resourceServer.bearerTokenConverter(tokens)
			.jwt((jwt) -> jwt
				.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(this.authorities)))
			.authenticationEntryPoint(this.entryPoint)
			.authenticationFailureHandler(failures());
	}

	/**
	 * The 401 for a request without a valid token.
	 * @return the entry point
	 */
	public ServerAuthenticationEntryPoint entryPoint() {
		return this.entryPoint;
	}

	/**
	 * A token that could not be checked because the realm's keys cannot be had (Keycloak
	 * unreachable with none cached) is not the client's fault: 503 with
	 * {@code Retry-After}, the time after which the keys are fetched again. Any other
	 * failure is the token's: 401.
	 */
	private ServerAuthenticationFailureHandler failures() {
		return (webFilterExchange, exception) -> {
			if (exception instanceof AuthenticationServiceException) {
				return ReactiveProblemResponses.retryLater(webFilterExchange.getExchange().getResponse(),
						HttpStatus.SERVICE_UNAVAILABLE, this.retryAfterSeconds,
						"The access token cannot be checked now; retry later.");
			}
			return this.entryPoint.commence(webFilterExchange.getExchange(), exception);
		};
	}

}
