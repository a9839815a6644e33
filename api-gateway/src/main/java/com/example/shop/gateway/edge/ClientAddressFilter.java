package com.example.shop.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.example.shop.security.problem.ReactiveProblemResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.IpAddressServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Settles the client's address once, as the request's remote address, so that every later
 * reader (the admin allow-list, the rate-limit key, Spring Security's address matchers,
 * logs) reads the same one. It is the TCP peer's, unless that peer is a trusted proxy:
 * then it is the last entry of {@code X-Forwarded-For}, the address that proxy saw
 * (earlier entries are the client's own words). {@code Forwarded} is never read. A
 * request that a trusted proxy (the ingress) forwarded finds no back-channel logout
 * endpoint: only Keycloak calls it, from inside. NOTE: this holds only because
 * {@code server.forward-headers-strategy} is {@code none}: with any other value (and
 * Spring Boot picks one by itself on Kubernetes) the server would already have replaced
 * the peer with an address from the client's headers.
 */
final class ClientAddressFilter implements WebFilter, Ordered {

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

	/**
	 * The exchange attribute with the client's address a trusted proxy forwarded, for
	 * readers outside this filter (the access log).
	 */
	static final String FORWARDED_CLIENT = ClientAddressFilter.class.getName() + ".forwardedClient";

	/** Keycloak's back-channel logout endpoint, for callers inside the platform only. */
	static final String INTERNAL_ONLY = "/logout/connect/back-channel/";

	private final List<ServerWebExchangeMatcher> trustedProxies;

	ClientAddressFilter(List<String> trustedProxyCidrs) {
		this.trustedProxies = matchers(trustedProxyCidrs);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.CLIENT_ADDRESS;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return isIn(exchange, this.trustedProxies).flatMap((proxied) -> {
			if (!proxied) {
				return chain.filter(exchange);
			}
			List<String> forwarded = exchange.getRequest().getHeaders().getOrEmpty("X-Forwarded-For");
			if (forwarded.isEmpty()) {
				// The proxy's own request (a health check): the proxy is the client.
				return chain.filter(exchange);
			}
			if (exchange.getRequest().getPath().value().startsWith(INTERNAL_ONLY)) {
				// Only Keycloak posts logout tokens, from inside the platform (in the
				// trusted range, but nothing forwarded): through the ingress the endpoint
				// does not exist.
				return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.NOT_FOUND,
						"No such resource.");
			}
			String joined = String.join(",", forwarded);
			Optional<InetAddress> client = literal(joined.substring(joined.lastIndexOf(',') + 1).trim());
			if (client.isEmpty()) {
				return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
						"The client address forwarded by the proxy is not an IP address.");
			}
			InetSocketAddress address = new InetSocketAddress(client.get(), 0);
			exchange.getAttributes().put(FORWARDED_CLIENT, client.get());
			return chain.filter(exchange.mutate().request((request) -> request.remoteAddress(address)).build());
		});
	}

	/**
	 * Address blocks such as {@code 10.0.0.0/8} or {@code ::1/128}, checked at start-up.
	 * @param cidrs the blocks
	 * @return one matcher of the request's remote address per block
	 */
	static List<ServerWebExchangeMatcher> matchers(List<String> cidrs) {
		return cidrs.stream()
			.filter((cidr) -> !cidr.isBlank())
			.map((cidr) -> (ServerWebExchangeMatcher) new IpAddressServerWebExchangeMatcher(cidr.trim()))
			.toList();
	}

	/**
	 * Whether the request's remote address is in one of the blocks; a request without one
	 * is in none.
	 * @param exchange the request
	 * @param blocks the blocks
	 * @return whether it is
	 */
	static Mono<Boolean> isIn(ServerWebExchange exchange, List<ServerWebExchangeMatcher> blocks) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null || remote.getAddress() == null) {
			return Mono.just(false);
		}
		return Flux.fromIterable(blocks)
			.concatMap((block) -> block.matches(exchange))
			.any(ServerWebExchangeMatcher.MatchResult::isMatch);
	}

	/**
	 * An IPv4 or IPv6 address written as such; anything else (a host name above all) is
	 * empty, so that no text from a request ever causes a DNS lookup.
	 */
	static Optional<InetAddress> literal(String text) {
		if (!IP_LITERAL.matcher(text).matches() || !(text.contains(".") || text.contains(":"))) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(text));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

}
