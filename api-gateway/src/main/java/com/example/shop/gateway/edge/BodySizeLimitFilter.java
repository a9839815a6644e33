package com.example.shop.gateway.edge;

import java.util.Map;

import com.example.shop.gateway.config.GatewayProperties;
import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
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

	private static final FormHttpMessageReader FORM_READER = new FormHttpMessageReader();

	private final int maxBytes;

	BodySizeLimitFilter(GatewayProperties properties) {
		this.maxBytes = (int) properties.maxBodySize().toBytes();
	}

	@Override
	public int getOrder() {
		return EdgeOrder.BODY_SIZE;
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
			.map((body) -> withCachedBody(exchange, body))
			.defaultIfEmpty(exchange);
		// The chain runs once, after the body is read; only the read's own overflow
		// becomes a 413.
		return withBody.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge(exchange).then(Mono.empty()))
			.flatMap(chain::filter);
	}

	/**
	 * The exchange with the body read: every reader gets the same bytes, the form data
	 * included. NOTE: an exchange made with {@code mutate()} still parses its form data
	 * from the original request, whose body has been read here: a form's {@code _csrf}
	 * field would be lost and the form refused.
	 */
	private static ServerWebExchange withCachedBody(ServerWebExchange exchange, DataBuffer body) {
		byte[] bytes = new byte[body.readableByteCount()];
		body.read(bytes);
		DataBufferUtils.release(body);
		ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
			}
		};
		Mono<MultiValueMap<String, String>> formData = formData(request);
		return new ServerWebExchangeDecorator(exchange.mutate().request(request).build()) {
			@Override
			public Mono<MultiValueMap<String, String>> getFormData() {
				return formData;
			}
		};
	}

	private static Mono<MultiValueMap<String, String>> formData(ServerHttpRequest request) {
		MediaType type = request.getHeaders().getContentType();
		if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
			return Mono.just(new LinkedMultiValueMap<>());
		}
		return FORM_READER
			.readMono(ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class), request,
					Map.of())
			.cache();
	}

	private static boolean hasBody(ServerHttpRequest request) {
		return request.getHeaders().containsHeader("Transfer-Encoding");
	}

	private static Mono<Void> tooLarge(ServerWebExchange exchange) {
		return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the gateway accepts.");
	}

}
