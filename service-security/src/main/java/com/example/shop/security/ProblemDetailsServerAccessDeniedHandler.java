package com.example.shop.security;

import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reactive 403 with a problem-details body that says, in a fixed text, which rule
 * refused the request.
 */
public final class ProblemDetailsServerAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final String detail;

	public ProblemDetailsServerAccessDeniedHandler(String detail) {
		this.detail = detail;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.FORBIDDEN, this.detail);
	}

}
