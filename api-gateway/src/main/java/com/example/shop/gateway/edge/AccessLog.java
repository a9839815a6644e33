package com.example.shop.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The gateway's access log: one structured line per request it answers, refused ones
 * included, on the logger {@value #LOGGER} at INFO. Its fields: the method, the path
 * (never the query, which may carry data that does not belong in logs), the status, the
 * duration, the client's address (the one a trusted proxy forwarded, else the peer's),
 * the user's subject once Spring Security has authenticated the request
 * ({@code user.id}), and the request's trace and span ids under the names the services'
 * lines carry them ({@code traceId}, {@code spanId}). Never a header, cookie, token or
 * body. {@code logging.level.com.example.shop.gateway.access: warn} turns it off.
 */
@Component
class AccessLog implements WebFilter, Ordered {

	/** The access log's logger. */
	static final String LOGGER = "com.example.shop.gateway.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final String USER = AccessLog.class.getName() + ".user";

	@Override
	public int getOrder() {
		return EdgeOrder.ACCESS_LOG;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!logger.isInfoEnabled()) {
			return chain.filter(exchange);
		}
		long started = System.nanoTime();
		return chain.filter(exchange).doOnSuccess((done) -> log(exchange, started)).doOnError((ex) -> {
			if (exchange.getResponse().isCommitted()) {
				log(exchange, started);
				return;
			}
			// The error becomes an answer after this filter (the error handlers):
			// logged when that answer is sent, with its status.
			exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> log(exchange, started)));
		}).doOnCancel(() -> log(exchange, started));
	}

	private static void log(ServerWebExchange exchange, long started) {
		ServerHttpRequest request = exchange.getRequest();
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		String method = request.getMethod().name();
		String path = request.getPath().value();
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("http.request.method", method)
			.addKeyValue("url.path", path)
			.addKeyValue("http.response.status_code", (status != null) ? status.value() : 0)
			.addKeyValue("event.duration", System.nanoTime() - started)
			.addKeyValue("client.ip", client(exchange));
		String user = exchange.getAttribute(USER);
		if (user != null) {
			line = line.addKeyValue("user.id", user);
		}
		TraceContext trace = trace(exchange);
		if (trace != null) {
			line = line.addKeyValue("traceId", trace.traceId()).addKeyValue("spanId", trace.spanId());
		}
		line.log("{} {} {}", method, path, (status != null) ? status.value() : "(no answer)");
	}

	private static String client(ServerWebExchange exchange) {
		InetAddress forwarded = exchange.getAttribute(ClientAddressFilter.FORWARDED_CLIENT);
		if (forwarded != null) {
			return forwarded.getHostAddress();
		}
		InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
		return (peer != null && peer.getAddress() != null) ? peer.getAddress().getHostAddress() : "";
	}

	private static TraceContext trace(ServerWebExchange exchange) {
		ServerRequestObservationContext observation = ServerRequestObservationContext
			.findCurrent(exchange.getAttributes())
			.orElse(null);
		TracingObservationHandler.TracingContext tracing = (observation != null)
				? observation.get(TracingObservationHandler.TracingContext.class) : null;
		return (tracing != null && tracing.getSpan() != null) ? tracing.getSpan().context() : null;
	}

	/**
	 * Learns the user of a request Spring Security let through, for the access log: the
	 * subject of the bearer token or of the browser session's ID token.
	 */
	@Component
	static class User implements WebFilter, Ordered {

		@Override
		public int getOrder() {
			return EdgeOrder.ACCESS_LOG_USER;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			return ReactiveSecurityContextHolder.getContext()
				.mapNotNull(SecurityContext::getAuthentication)
				.mapNotNull(User::subject)
				.doOnNext((subject) -> exchange.getAttributes().put(USER, subject))
				.then(chain.filter(exchange));
		}

		private static String subject(Authentication authentication) {
			return switch (authentication.getPrincipal()) {
				case Jwt jwt -> jwt.getSubject();
				case OidcUser user -> user.getSubject();
				case null, default -> null;
			};
		}

	}

}
