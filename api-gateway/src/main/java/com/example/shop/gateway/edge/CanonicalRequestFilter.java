package com.example.shop.gateway.edge;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.example.shop.security.ManagementPortExchangeMatcher;
import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The first step on the public port: the one view of the request that every later rule
 * reads. A path is canonical when it is made of non-empty segments of RFC 3986 unreserved
 * characters (letters, digits, {@code - . _ ~}) and no segment is {@code .} or
 * {@code ..}: then its raw form, its decoded form, the router's and the services' reading
 * are all the same text. Anything else is refused with 400 before any rule runs: a
 * percent escape of any kind (also of a plain letter, {@code /api/orders/%61dmin}, which
 * the router and the services decode and a string rule would not), dot segments, empty
 * segments, matrix parameters, backslashes. The gateway's own API needs none of them.
 * Internal, actuator and circuit-breaker fallback paths are answered 404 whatever the
 * token, as if they did not exist. A token in the query ({@code access_token}) is
 * refused: it would travel on in the URL into every access log. A request framed two ways
 * ({@code Content-Length} and {@code Transfer-Encoding}) is refused and its connection
 * closed.
 */
@Component
class CanonicalRequestFilter implements WebFilter, Ordered {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

	private static final List<String> NEVER_ROUTED = List.of("/internal", "/actuator", "/fallback");

	private final ManagementPortExchangeMatcher onManagementPort;

	CanonicalRequestFilter(ManagementPortExchangeMatcher onManagementPort) {
		this.onManagementPort = onManagementPort;
	}

	@Override
	public int getOrder() {
		return EdgeOrder.CANONICAL_REQUEST;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.onManagementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
				&& headers.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
			// Two framings of one body (RFC 9112 6.3): refused, and the connection
			// closed, so that nothing after it on the connection is read.
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
					"The request declares both Content-Length and Transfer-Encoding.");
		}
		String path = exchange.getRequest().getURI().getRawPath();
		if (!isCanonical(path)) {
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
					"The request path is not in canonical form.");
		}
		if (exchange.getRequest().getQueryParams().containsKey("access_token")) {
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
					"Access tokens are accepted in the Authorization header only.");
		}
		String lower = path.toLowerCase(Locale.ROOT);
		if (NEVER_ROUTED.stream().anyMatch((prefix) -> lower.equals(prefix) || lower.startsWith(prefix + "/"))) {
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "No such resource.");
		}
		return chain.filter(exchange);
	}

	static boolean isCanonical(String rawPath) {
		if ("/".equals(rawPath)) {
			return true;
		}
		if (rawPath == null || !rawPath.startsWith("/")) {
			return false;
		}
		// -1: a trailing slash leaves an empty last segment, which is refused too.
		String[] segments = rawPath.substring(1).split("/", -1);
		for (String segment : segments) {
			if (!SEGMENT.matcher(segment).matches() || ".".equals(segment) || "..".equals(segment)) {
				return false;
			}
		}
		return true;
	}

}
