package com.example.shop.gateway.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Edge limits of the gateway, bound from {@code shop.gateway.*} and checked at start-up.
 *
 * @param maxBodySize the largest request body accepted, with or without Content-Length
 * @param allowedOrigins the browser origins allowed to call the API cross-origin (exact
 * matches, no wildcards)
 * @param trustedProxies CIDRs of the proxies in front of the gateway whose
 * {@code X-Forwarded-For} is believed; none by default
 * @param adminPaths path prefixes reachable only from {@code adminAllowedCidrs}
 * @param adminAllowedCidrs client address blocks allowed on the admin paths
 */
@ConfigurationProperties("shop.gateway")
public record GatewayProperties(@DefaultValue("64KB") DataSize maxBodySize, List<String> allowedOrigins,
		List<String> trustedProxies, @DefaultValue("/api/orders/admin") List<String> adminPaths, @DefaultValue( {
				"127.0.0.1/32", "::1/128" }) List<String> adminAllowedCidrs){

	public GatewayProperties {
		Assert.isTrue(maxBodySize.toBytes() > 0 && maxBodySize.toBytes() <= DataSize.ofMegabytes(10).toBytes(),
				"shop.gateway.max-body-size must be between 1 byte and 10MB");
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		Assert.isTrue(adminPaths.stream().allMatch((path) -> path.startsWith("/") && !path.endsWith("/")),
				"shop.gateway.admin-paths must be absolute path prefixes without a trailing slash");
		Assert.isTrue(allowedOrigins.stream().noneMatch((origin) -> origin.contains("*")),
				"shop.gateway.allowed-origins must list exact origins, not patterns");
	}

}
