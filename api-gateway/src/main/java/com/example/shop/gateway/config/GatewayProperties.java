package com.example.shop.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Edge limits of the gateway, bound from {@code shop.gateway.*} and checked at start-up.
 *
 * @param maxBodySize the largest request body accepted, with or without Content-Length
 * @param allowedOrigins the browser origins allowed to call the API cross-origin (exact
 * matches, no wildcards)
 * @param trustedProxies CIDRs of the proxies in front of the gateway whose
 * {@code X-Forwarded-For} is believed; none by default
 * @param adminAllowedCidrs client address blocks allowed on the admin routes (those with
 * the {@code AdminAddress} filter)
 * @param loginRateLimit how often one client address may start a login, come back from
 * Keycloak or log out
 * @param preLoginSessionTimeout how long a session that holds only a login in progress is
 * kept; a logged-in session lives for {@code spring.session.timeout}
 * @param publicUrl the gateway's address as browsers reach it, such as
 * {@code https://shop.example.com} behind an ingress that ends TLS: when set, the login
 * redirect, the return after logout and the cookies' Secure flag follow it; unset, they
 * follow each request (compose, tests). Never taken from request headers.
 */
@ConfigurationProperties("shop.gateway")
public record GatewayProperties(@DefaultValue("64KB") DataSize maxBodySize, List<String> allowedOrigins,
		List<String> trustedProxies, @DefaultValue( {
				"127.0.0.1/32", "::1/128" }) List<String> adminAllowedCidrs,
		@DefaultValue LoginRateLimit loginRateLimit, @DefaultValue("5m") Duration preLoginSessionTimeout,
		String publicUrl){

	public GatewayProperties {
		Assert.isTrue(maxBodySize.toBytes() > 0 && maxBodySize.toBytes() <= DataSize.ofMegabytes(10).toBytes(),
				"shop.gateway.max-body-size must be between 1 byte and 10MB");
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		Assert.isTrue(
				preLoginSessionTimeout.isPositive() && preLoginSessionTimeout.compareTo(Duration.ofMinutes(30)) <= 0,
				"shop.gateway.pre-login-session-timeout must be between 1 second and 30 minutes");
		Assert.isTrue(allowedOrigins.stream().noneMatch((origin) -> origin.contains("*")),
				"shop.gateway.allowed-origins must list exact origins, not patterns");
		publicUrl = StringUtils.hasText(publicUrl) ? publicUrl : null;
		Assert.isTrue(publicUrl == null || isOrigin(URI.create(publicUrl)),
				"shop.gateway.public-url must be an http or https origin such as https://shop.example.com");
	}

	/**
	 * The base of the URLs the gateway sends browsers to.
	 * @return the public URL, or Spring Security's {@code {baseUrl}} (the request's) when
	 * none is set
	 */
	public String baseUrl() {
		return (this.publicUrl != null) ? this.publicUrl : "{baseUrl}";
	}

	/**
	 * Whether every cookie is Secure whatever scheme a request arrived with: behind an
	 * ingress that ends TLS, the gateway itself sees plain HTTP.
	 * @return {@code true} for an https public URL
	 */
	public boolean secureCookies() {
		return this.publicUrl != null && this.publicUrl.startsWith("https://");
	}

	/**
	 * The login endpoints' token bucket per client address.
	 *
	 * @param replenishRate tokens added per second
	 * @param burstCapacity the bucket's size: logins one address may start at once
	 */
	public record LoginRateLimit(@DefaultValue("1") int replenishRate, @DefaultValue("20") long burstCapacity) {

		public LoginRateLimit {
			Assert.isTrue(replenishRate > 0 && burstCapacity >= replenishRate,
					"shop.gateway.login-rate-limit needs a positive rate and a burst capacity of at least the rate");
		}

	}

	private static boolean isOrigin(URI uri) {
		return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
				&& uri.getRawPath().isEmpty() && uri.getRawQuery() == null && uri.getRawFragment() == null
				&& uri.getRawUserInfo() == null;
	}

}
