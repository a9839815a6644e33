package com.example.shop.security.problem;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Sends a {@link ProblemBody} from a servlet filter or handler.
 */
public final class ServletProblemResponses {

	private ServletProblemResponses() {
	}

	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		byte[] body = ProblemBody.json(status, detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * An answer that tells the client when to try again ({@code Retry-After}).
	 * @param response the response
	 * @param status 429 or 503
	 * @param retryAfterSeconds whole seconds
	 * @param detail the fixed text
	 * @throws IOException when the body cannot be written
	 */
	public static void retryLater(HttpServletResponse response, HttpStatus status, String retryAfterSeconds,
			String detail) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		write(response, status, detail);
	}

}
