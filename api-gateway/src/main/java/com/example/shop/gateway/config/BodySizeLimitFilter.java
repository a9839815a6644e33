package com.example.shop.gateway.config;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies over the limit with 413 before anything is routed. A declared
 * {@code Content-Length} over the limit is refused at once; a body without one (chunked)
 * is read up to the limit first, so an oversized body never reaches a service, not even
 * in part.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

	private final int maxBytes;

	BodySizeLimitFilter(GatewayProperties properties) {
		this.maxBytes = (int) properties.maxBodySize().toBytes();
	}

	@Override
	public int getOrder() {
		// After the path checks, before Spring Security (-100) and routing.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return tooLarge(exchange);
		}
		if (declared == 0 || (declared < 0 && !hasBody(request))) {
			return chain.filter(exchange);
		}
		Mono<ServerWebExchange> withBody = DataBufferUtils.join(request.getBody(), this.maxBytes)
			.map((body) -> exchange.mutate().request(cached(request, body)).build())
			.defaultIfEmpty(exchange);
		// The chain runs once, after the body is read; only the read's own overflow
		// becomes a 413.
		return withBody.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge(exchange).then(Mono.empty()))
			.flatMap(chain::filter);
	}

	private static ServerHttpRequest cached(ServerHttpRequest request, DataBuffer body) {
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.just(body);
			}
		};
	}

	private static boolean hasBody(ServerHttpRequest request) {
		return request.getHeaders().containsHeader("Transfer-Encoding");
	}

	private static Mono<Void> tooLarge(ServerWebExchange exchange) {
		return ProblemDetails.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the gateway accepts.");
	}

}
