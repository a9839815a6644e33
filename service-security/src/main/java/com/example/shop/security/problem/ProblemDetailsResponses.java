package com.example.shop.security.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the RFC 9457 body of the security errors answered before any controller runs.
 * Titles and details are fixed texts: nothing of the request or the token is echoed.
 */
public final class ProblemDetailsResponses {

	private ProblemDetailsResponses() {
	}

	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(ProblemJson.of(status, detail));
	}

}
