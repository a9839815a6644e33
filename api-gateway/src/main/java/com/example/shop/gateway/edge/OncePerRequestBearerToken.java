package com.example.shop.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's reading of a request's bearer token, done once per request and then
 * remembered in the request's attributes: the token, its absence, or the error for a
 * malformed header. The chain asks three times (authentication, the CSRF exemption, the
 * CSRF cookie); each asking ran the converter's pattern over the whole token again.
 */
final class OncePerRequestBearerToken implements ServerAuthenticationConverter {

	private static final String ATTRIBUTE = OncePerRequestBearerToken.class.getName();

	private final ServerAuthenticationConverter reader;

	OncePerRequestBearerToken(ServerAuthenticationConverter reader) {
		this.reader = reader;
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		Mono<Authentication> read = exchange.getAttribute(ATTRIBUTE);
		if (read == null) {
			read = this.reader.convert(exchange).cache();
			exchange.getAttributes().put(ATTRIBUTE, read);
		}
		return read;
	}

}
