package com.example.shop.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * How a service validates access tokens, bound from {@code shop.security.jwt.*} and
 * checked at start-up.
 *
 * @param issuerUri the realm's issuer as tokens carry it (the address browsers see)
 * @param jwkSetUri where this service fetches the realm's keys (may be an internal
 * address)
 * @param audience this service's own client id, which {@code aud} must contain
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param jwks how keys are fetched and cached
 */
@ConfigurationProperties("shop.security.jwt")
public record ShopJwtProperties(URI issuerUri, URI jwkSetUri, String audience, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue Jwks jwks) {

	public ShopJwtProperties {
		Assert.notNull(issuerUri, "shop.security.jwt.issuer-uri must be set");
		Assert.notNull(jwkSetUri, "shop.security.jwt.jwk-set-uri must be set");
		Assert.hasText(audience, "shop.security.jwt.audience must be set");
		Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(2)) <= 0,
				"shop.security.jwt.clock-skew must be between 0 and 2 minutes");
	}

	/**
	 * Fetching and caching of the realm's JWK set.
	 *
	 * @param cacheTimeToLive how long fetched keys are used before they are fetched again
	 * @param minRefetchInterval at most one fetch per interval, also for tokens with an
	 * unknown {@code kid} (an attacker cannot make the service hammer Keycloak)
	 * @param outageTolerance how long the last keys keep being used while Keycloak cannot
	 * be reached, so that an outage does not turn valid tokens into 401s
	 * @param retryAfterFailure how soon a failed fetch may be tried again: short, so that
	 * keys arrive within it once Keycloak answers again (a failure never starts the
	 * minimum refetch interval)
	 * @param connectTimeout connect timeout of a fetch
	 * @param readTimeout read timeout of a fetch
	 */
	public record Jwks(@DefaultValue("5m") Duration cacheTimeToLive, @DefaultValue("30s") Duration minRefetchInterval,
			@DefaultValue("24h") Duration outageTolerance, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("2s") Duration readTimeout, @DefaultValue("1s") Duration retryAfterFailure) {

		public Jwks {
			Assert.isTrue(minRefetchInterval.compareTo(cacheTimeToLive) < 0,
					"shop.security.jwt.jwks.min-refetch-interval must be shorter than cache-time-to-live");
			Assert.isTrue(retryAfterFailure.isPositive() && retryAfterFailure.compareTo(minRefetchInterval) <= 0,
					"shop.security.jwt.jwks.retry-after-failure must be positive and at most min-refetch-interval");
		}

		/**
		 * What a {@code Retry-After} header says to a client whose token could not be
		 * checked for want of keys: the retry interval in whole seconds, at least one.
		 * @return the seconds
		 */
		public String retryAfterSeconds() {
			return Long.toString(Math.max(1, (this.retryAfterFailure.toMillis() + 999) / 1000));
		}

	}

}
