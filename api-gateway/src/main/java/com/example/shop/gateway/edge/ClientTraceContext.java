package com.example.shop.gateway.edge;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The gateway starts every trace itself: a client's trace context (W3C
 * {@code traceparent}, {@code tracestate} and {@code baggage}, Zipkin's B3 headers) is
 * removed from the request before anything reads it, the server's own observation
 * included (this wraps the whole HTTP handler). The request then gets a new trace, and
 * the services receive the gateway's {@code traceparent}.
 * <p>
 * NOTE: a client that picks its trace id can make its spans and log lines join another
 * request's trace, or a trace id it expects an operator to search for; one that sets the
 * sampled flag has every request it sends traced and exported, and can flood the tracing
 * backend; baggage would carry its keys and values into the services. No caller of the
 * gateway is trusted to continue a trace (browsers and API clients are its only callers).
 * Behind it, the services continue the gateway's trace: their callers are authenticated
 * by mutual TLS.
 */
@Component
class ClientTraceContext implements HttpHandlerDecoratorFactory {

	static final List<String> HEADERS = List.of("traceparent", "tracestate", "baggage", "b3", "X-B3-TraceId",
			"X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> handler.handle(withoutTraceContext(request), response);
	}

	static ServerHttpRequest withoutTraceContext(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		for (String header : HEADERS) {
			if (headers.containsHeader(header)) {
				return request.mutate().headers((mutable) -> HEADERS.forEach(mutable::remove)).build();
			}
		}
		return request;
	}

}
