package com.example.shop.gateway.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * The rate-limit key of a request: the user's {@code sub} when a token was validated,
 * else the client's address. {@code X-Forwarded-For} is believed only when the direct
 * peer is a trusted proxy, and then only its last entry (the address that proxy saw): a
 * client cannot pick its own bucket by sending the header itself.
 */
public final class ClientKeyResolver implements KeyResolver {

	private final List<Cidr> trustedProxies;

	private final XForwardedRemoteAddressResolver forwarded = XForwardedRemoteAddressResolver.maxTrustedIndex(1);

	public ClientKeyResolver(List<String> trustedProxyCidrs) {
		this.trustedProxies = trustedProxyCidrs.stream().filter((cidr) -> !cidr.isBlank()).map(Cidr::parse).toList();
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> "user:" + ((JwtAuthenticationToken) principal).getToken().getSubject())
			.switchIfEmpty(Mono.fromSupplier(() -> "ip:" + clientAddress(exchange)));
	}

	/**
	 * The client's address, through trusted proxies only; used for IP rules too.
	 * @param exchange the request
	 * @return the address, or {@code unknown}
	 */
	public String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
		if (peer == null || peer.getAddress() == null) {
			return "unknown";
		}
		InetSocketAddress client = isTrustedProxy(peer.getAddress()) ? this.forwarded.resolve(exchange) : peer;
		return (client.getAddress() != null) ? client.getAddress().getHostAddress() : client.getHostString();
	}

	private boolean isTrustedProxy(InetAddress address) {
		return this.trustedProxies.stream().anyMatch((cidr) -> cidr.contains(address));
	}

}
