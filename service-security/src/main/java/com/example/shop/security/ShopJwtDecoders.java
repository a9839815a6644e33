package com.example.shop.security;

import java.net.MalformedURLException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one way the platform's services decode access tokens.
 */
public final class ShopJwtDecoders {

	/** Keycloak's own token type claim: {@code Bearer} for access tokens only. */
	static final String KEYCLOAK_TOKEN_TYPE = "typ";

	private static final int JWKS_SIZE_LIMIT = 64 * 1024;

	private static final MappedJwtClaimSetConverter DEFAULT_CLAIM_MAPPING = MappedJwtClaimSetConverter
		.withDefaults(Collections.emptyMap());

	private ShopJwtDecoders() {
	}

	/**
	 * A decoder that accepts only RS256 Keycloak access tokens of the configured issuer
	 * whose audience names this service, with {@code exp} and {@code iat}.
	 * @param properties the validation settings
	 * @return the decoder
	 */
	public static NimbusJwtDecoder create(ShopJwtProperties properties) {
		return create(properties, ObservationRegistry.NOOP);
	}

	/**
	 * The decoder, its fetches of the realm's keys observed.
	 * @param properties the validation settings
	 * @param observations where the fetches are observed
	 * @return the decoder
	 */
	public static NimbusJwtDecoder create(ShopJwtProperties properties, ObservationRegistry observations) {
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor(jwkSource(properties, observations)));
		decoder.setClaimSetConverter(ShopJwtDecoders::mapClaims);
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	/**
	 * Signature checks only: RS256 with the realm's keys. Claims are left to the
	 * validators.
	 */
	static JWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return processor;
	}

	/**
	 * Spring's default claim mapping, except that a missing {@code iat} stays missing.
	 * NOTE: the default mapping fills a missing {@code iat} with {@code exp} minus one
	 * second, so a validator could never see that the token lacks it.
	 */
	static Map<String, Object> mapClaims(Map<String, Object> claims) {
		Map<String, Object> mapped = new HashMap<>(DEFAULT_CLAIM_MAPPING.convert(claims));
		if (!claims.containsKey(JwtClaimNames.IAT)) {
			mapped.remove(JwtClaimNames.IAT);
		}
		return mapped;
	}

	static OAuth2TokenValidator<Jwt> validator(ShopJwtProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				// Header typ must be JWT (or absent): refuses logout tokens (logout+jwt).
				JwtTypeValidator.jwt(), new JwtTimestampValidator(properties.clockSkew()),
				new JwtIssuerValidator(properties.issuerUri().toString()),
				new JwtAudienceValidator(properties.audience()),
				// The timestamp validator accepts a token without exp; here every token
				// must expire.
				new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<>(JwtClaimNames.IAT, Objects::nonNull),
				// ID (typ ID) and refresh tokens (Refresh) are not access tokens.
				new JwtClaimValidator<>(KEYCLOAK_TOKEN_TYPE, "Bearer"::equals)));
	}

	static RealmKeySource jwkSource(ShopJwtProperties properties, ObservationRegistry observations) {
		ShopJwtProperties.Jwks jwks = properties.jwks();
		DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) jwks.connectTimeout().toMillis(),
				(int) jwks.readTimeout().toMillis(), JWKS_SIZE_LIMIT);
		try {
			return new RealmKeySource(properties.jwkSetUri().toURL(), new ObservedKeyRetriever(retriever, observations),
					jwks, Clock.systemUTC(), (refresh) -> Thread.ofVirtual().name("realm-keys-refresh").start(refresh));
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("shop.security.jwt.jwk-set-uri is not a URL", ex);
		}
	}

}
