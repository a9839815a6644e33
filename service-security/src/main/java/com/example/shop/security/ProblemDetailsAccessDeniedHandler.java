package com.example.shop.security;

import java.io.IOException;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.problem.ServletProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 with {@code WWW-Authenticate: Bearer error="insufficient_scope"} (RFC 6750) and a
 * problem-details body; each one an audit event (reason {@code not-granted}: the
 * request's rules or a method's {@code @PreAuthorize} refused what the token grants).
 */
public final class ProblemDetailsAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

	private final AuditEvents audit;

	public ProblemDetailsAccessDeniedHandler(AuditEvents audit) {
		this.audit = audit;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		this.audit.record(Action.ACCESS_CHECK, Outcome.FAILURE, "not-granted",
				AuditEvents.request(request.getMethod(), request.getRequestURI(), null),
				"Access denied on " + request.getMethod() + " " + request.getRequestURI());
		this.bearer.handle(request, response, exception);
		ServletProblemResponses.write(response, HttpStatus.FORBIDDEN,
				"The access token does not grant this operation.");
	}

}
