package com.example.shop.security.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The one writer of the platform's RFC 9457 bodies, for the answers given before any
 * controller runs (servlet services and the reactive gateway alike): Spring's
 * {@link ProblemDetail} written by a JSON mapper with the mix-in Spring MVC and WebFlux
 * use, so these bodies have the same shape as a controller's and every text is escaped.
 */
public final class ProblemBody {

	private static final JsonMapper JSON = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private ProblemBody() {
	}

	/**
	 * The body for a status and a detail.
	 * @param status the answer's status
	 * @param detail a fixed text of the platform; NOTE: never a part of the request or
	 * the token, which could tell an attacker which check failed
	 * @return the UTF-8 JSON
	 */
	public static byte[] json(HttpStatus status, String detail) {
		return JSON.writeValueAsBytes(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
