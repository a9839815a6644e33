package com.example.shop.security;

import java.nio.charset.StandardCharsets;

import com.example.shop.security.audit.AuditEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 401 and 403 answers of both stacks: RFC 6750 challenges and problem bodies, and
 * nothing of why a token failed beyond the error code.
 */
class ProblemAnswersTests {

	private static final AuditEvents AUDIT = new AuditEvents(new SimpleMeterRegistry());

	private static final String WHY = "Jwt expired at 2026-11-30T10:00:00Z";

	@Test
	void servletEntryPointWhenNoTokenThenBearerChallengeAndProblem() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		new ProblemDetailsAuthenticationEntryPoint(AUDIT).commence(new MockHttpServletRequest(), response,
				new InsufficientAuthenticationException("Full authentication is required"));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString(StandardCharsets.UTF_8))
			.contains("\"detail\":\"A valid bearer access token is required.\"");
	}

	@Test
	void servletEntryPointWhenTokenRefusedThenInvalidTokenChallenge() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		new ProblemDetailsAuthenticationEntryPoint(AUDIT).commence(new MockHttpServletRequest(), response,
				new InvalidBearerTokenException(WHY));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(response.getContentAsString(StandardCharsets.UTF_8)).doesNotContain(WHY);
	}

	@Test
	void servletAccessDeniedWhenDeniedThenInsufficientScopeAndProblem() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();
		request.setUserPrincipal(() -> "alice");

		new ProblemDetailsAccessDeniedHandler(AUDIT).handle(request, response, new AccessDeniedException("Denied"));

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString(StandardCharsets.UTF_8))
			.contains("\"detail\":\"The access token does not grant this operation.\"");
	}

	@Test
	void reactiveEntryPointWhenNoTokenThenBearerChallengeAndProblem() {
		MockServerWebExchange exchange = exchange();

		new ProblemDetailsServerAuthenticationEntryPoint(AUDIT)
			.commence(exchange, new InsufficientAuthenticationException("Not Authenticated"))
			.block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(exchange.getResponse().getBodyAsString().block())
			.contains("\"detail\":\"A valid bearer access token is required.\"");
	}

	@Test
	void reactiveEntryPointWhenTokenRefusedThenErrorCodeOnlyNeverTheReason() {
		MockServerWebExchange exchange = exchange();

		new ProblemDetailsServerAuthenticationEntryPoint(AUDIT).commence(exchange, new InvalidBearerTokenException(WHY))
			.block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain(WHY).doesNotContain("expired");
	}

	@Test
	void reactiveAccessDeniedWhenDeniedThenForbiddenWithItsOwnDetail() {
		MockServerWebExchange exchange = exchange();

		new ProblemDetailsServerAccessDeniedHandler("Needs the CSRF token.", AUDIT, "csrf")
			.handle(exchange, new AccessDeniedException("An expected CSRF token cannot be found"))
			.block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"detail\":\"Needs the CSRF token.\"")
			.doesNotContain("expected CSRF token");
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders"));
	}

}
