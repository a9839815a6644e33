package com.example.shop.security;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.audit.TokenRefusals;
import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reactive 401: {@code WWW-Authenticate: Bearer} (with {@code error="invalid_token"}
 * when a token was sent but refused, RFC 6750) and a problem-details body; each one an
 * audit event with the reason the token was refused ({@link TokenRefusals}).
 */
public final class ProblemDetailsServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final AuditEvents audit;

	public ProblemDetailsServerAuthenticationEntryPoint(AuditEvents audit) {
		this.audit = audit;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException exception) {
		return Mono.defer(() -> {
			ServerHttpRequest request = exchange.getRequest();
			String reason = TokenRefusals.reason(exception);
			// The path, never the query; the client's address as the edge settled it.
			this.audit.record(Action.TOKEN_CHECK, Outcome.FAILURE, reason,
					AuditEvents.request(request.getMethod().name(), request.getPath().value(),
							request.getRemoteAddress()),
					"Bearer token refused (" + reason + ") on " + request.getMethod().name() + " "
							+ request.getPath().value());
			String challenge = "Bearer";
			if (exception instanceof OAuth2AuthenticationException oauth
					&& oauth.getError() instanceof BearerTokenError error) {
				// The error code only: its description could tell an attacker which
				// check failed.
				challenge = "Bearer error=\"" + error.getErrorCode() + "\"";
			}
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
					"A valid bearer access token is required.");
		});
	}

}
