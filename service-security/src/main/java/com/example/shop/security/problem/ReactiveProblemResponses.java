package com.example.shop.security.problem;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Sends a {@link ProblemBody} from a reactive filter or handler.
 */
public final class ReactiveProblemResponses {

	private ReactiveProblemResponses() {
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
		return Mono.defer(() -> {
			byte[] body = ProblemBody.json(status, detail);
			response.setStatusCode(status);
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			response.getHeaders().setContentLength(body.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		});
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

}
