package com.example.shop.security;

import java.io.IOException;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.audit.TokenRefusals;
import com.example.shop.security.problem.ServletProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with {@code WWW-Authenticate: Bearer} (and {@code error="invalid_token"} when a
 * token was sent but refused, RFC 6750) and a problem-details body; each one an audit
 * event with the reason the token was refused ({@link TokenRefusals}).
 */
public final class ProblemDetailsAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final AuditEvents audit;

	public ProblemDetailsAuthenticationEntryPoint(AuditEvents audit) {
		this.audit = audit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		String reason = TokenRefusals.reason(exception);
		// The path, never the query.
		this.audit.record(Action.TOKEN_CHECK, Outcome.FAILURE, reason,
				AuditEvents.request(request.getMethod(), request.getRequestURI(), null),
				"Bearer token refused (" + reason + ") on " + request.getMethod() + " " + request.getRequestURI());
		this.bearer.commence(request, response, exception);
		ServletProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "A valid bearer access token is required.");
	}

}
