package com.example.shop.gateway.config;

import java.nio.charset.StandardCharsets;

import com.example.shop.security.problem.ProblemJson;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes the RFC 9457 body of the answers the gateway gives itself. Titles and details
 * are fixed texts: nothing of the request or the token is echoed.
 */
public final class ProblemDetails {

	private ProblemDetails() {
	}

	/**
	 * An answer that tells the client when to try again ({@code Retry-After}).
	 * @param response the response
	 * @param status 429 or 503
	 * @param retryAfterSeconds whole seconds
	 * @param detail the fixed text
	 * @return the written response
	 */
	public static Mono<Void> retryLater(ServerHttpResponse response, HttpStatus status, String retryAfterSeconds,
			String detail) {
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		return write(response, status, detail);
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = ProblemJson.of(status, detail).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
