package com.example.shop.security;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reactive 403 with a problem-details body that says, in a fixed text, which rule
 * refused the request; each one an audit event with that rule as its reason.
 */
public final class ProblemDetailsServerAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final String detail;

	private final AuditEvents audit;

	private final String reason;

	/**
	 * A 403 that is an audit event too.
	 * @param detail the problem's fixed text
	 * @param audit where the event goes
	 * @param reason the event's reason: which rule refused
	 */
	public ProblemDetailsServerAccessDeniedHandler(String detail, AuditEvents audit, String reason) {
		this.detail = detail;
		this.audit = audit;
		this.reason = reason;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		ServerHttpRequest request = exchange.getRequest();
		// The path, never the query.
		this.audit.record(Action.ACCESS_CHECK, Outcome.FAILURE, this.reason,
				AuditEvents.request(request.getMethod().name(), request.getPath().value(), request.getRemoteAddress()),
				"Access denied (" + this.reason + ") on " + request.getMethod().name() + " "
						+ request.getPath().value());
		return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.FORBIDDEN, this.detail);
	}

}
