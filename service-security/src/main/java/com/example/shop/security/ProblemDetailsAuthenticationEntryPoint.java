package com.example.shop.security;

import com.example.shop.security.problem.ServletProblemResponses;
import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with {@code WWW-Authenticate: Bearer} (and {@code error="invalid_token"} when a
 * token was sent but refused, RFC 6750) and a problem-details body.
 */
public final class ProblemDetailsAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		this.bearer.commence(request, response, exception);
		ServletProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "A valid bearer access token is required.");
	}

}
