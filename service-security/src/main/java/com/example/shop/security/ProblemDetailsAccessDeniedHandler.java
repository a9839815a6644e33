package com.example.shop.security;

import com.example.shop.security.problem.ServletProblemResponses;
import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 with {@code WWW-Authenticate: Bearer error="insufficient_scope"} (RFC 6750) and a
 * problem-details body.
 */
public final class ProblemDetailsAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		this.bearer.handle(request, response, exception);
		ServletProblemResponses.write(response, HttpStatus.FORBIDDEN,
				"The access token does not grant this operation.");
	}

}
