package com.example.shop.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the shared decoder accepts and refuses, with keys served from a local JWK set
 * endpoint. The integration tests of the services repeat the main cases with real
 * Keycloak tokens.
 */
class ShopJwtDecodersTests {

	/**
	 * The decoder under test, as a function from token to JWT.
	 */
	Function<String, Jwt> decoder(ShopJwtProperties properties) {
		return ShopJwtDecoders.create(properties)::decode;
	}

	private static final String ISSUER = "http://localhost:8180/realms/shop";

	private static RSAKey realmKey;

	private static RSAKey foreignKey;

	private JwksServer jwks;

	@BeforeEach
	void startJwks() throws Exception {
		if (realmKey == null) {
			realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
			foreignKey = new RSAKeyGenerator(2048).keyID("foreign-key").generate();
		}
		this.jwks = new JwksServer(new JWKSet(realmKey));
	}

	@AfterEach
	void stopJwks() {
		this.jwks.close();
	}

	@Test
	void decodeWhenKeycloakAccessTokenForThisServiceThenAccepted() throws Exception {
		Jwt jwt = decoder().apply(token((claims) -> {
		}));

		assertThat(jwt.getSubject()).isEqualTo("alice-id");
		assertThat(jwt.getAudience()).contains("order-service");
	}

	@Test
	void decodeWhenOtherIssuerThenRefused() throws Exception {
		assertRefused(token((claims) -> claims.issuer("http://localhost:8180/realms/other")));
	}

	@Test
	void decodeWhenAudienceIsAnotherServiceThenRefused() throws Exception {
		assertRefused(token((claims) -> claims.audience(List.of("payment-service", "account"))));
	}

	@Test
	void decodeWhenExpiredBeyondSkewThenRefused() throws Exception {
		Instant past = Instant.now().minus(Duration.ofMinutes(10));
		assertRefused(
				token((claims) -> claims.issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past))));
	}

	@Test
	void decodeWhenNoExpirationThenRefused() throws Exception {
		assertRefused(token((claims) -> claims.expirationTime(null)));
	}

	@Test
	void decodeWhenNoIssuedAtThenRefused() throws Exception {
		assertRefused(token((claims) -> claims.issueTime(null)));
	}

	@Test
	void decodeWhenIdTokenOrRefreshTokenThenRefused() throws Exception {
		assertRefused(token((claims) -> claims.claim("typ", "ID")));
		assertRefused(token((claims) -> claims.claim("typ", "Refresh")));
		assertRefused(token((claims) -> claims.claim("typ", null)));
	}

	@Test
	void decodeWhenLogoutTokenHeaderTypeThenRefused() throws Exception {
		assertRefused(sign(realmKey, JWSAlgorithm.RS256, new JOSEObjectType("logout+jwt"), claims((claims) -> {
		})));
	}

	@Test
	void decodeWhenSignedWithAnotherAlgorithmThenRefused() throws Exception {
		assertRefused(sign(realmKey, JWSAlgorithm.RS512, JOSEObjectType.JWT, claims((claims) -> {
		})));
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("realm-key").build(),
				claims((claims) -> {
				}));
		hmac.sign(new MACSigner(new byte[32]));
		assertRefused(hmac.serialize());
	}

	@Test
	void decodeWhenSignedByKeyNotOfTheRealmThenRefusedAndKeysFetchedAtMostOncePerInterval() throws Exception {
		Function<String, Jwt> decoder = decoder();
		decoder.apply(token((claims) -> {
		}));
		int fetchesBefore = this.jwks.fetches();

		for (int attempt = 0; attempt < 20; attempt++) {
			assertRefused(decoder, sign(foreignKey, JWSAlgorithm.RS256, JOSEObjectType.JWT, claims((claims) -> {
			})));
		}

		assertThat(this.jwks.fetches() - fetchesBefore).as("refetches for 20 unknown-kid tokens")
			.isLessThanOrEqualTo(1);
	}

	@Test
	void decodeWhenKeycloakDownAfterCacheExpiryThenKnownKeyStillAccepted() throws Exception {
		Function<String, Jwt> decoder = decoder(Duration.ofMillis(300), Duration.ofMillis(100));
		String token = token((claims) -> {
		});
		decoder.apply(token);

		this.jwks.goDown();
		Thread.sleep(600);

		assertThat(decoder.apply(token).getSubject()).isEqualTo("alice-id");
		// The expired cache is refreshed in the background, which fails.
		for (int waited = 0; this.jwks.fetches() < 2 && waited < 50; waited++) {
			Thread.sleep(100);
		}
		assertThat(this.jwks.fetches()).as("the expired cache was refreshed and failed").isGreaterThan(1);
		assertThat(decoder.apply(token).getSubject()).isEqualTo("alice-id");
	}

	private Function<String, Jwt> decoder() {
		return decoder(Duration.ofMinutes(5), Duration.ofSeconds(30));
	}

	private Function<String, Jwt> decoder(Duration cacheTimeToLive, Duration minRefetchInterval) {
		return decoder(properties(cacheTimeToLive, minRefetchInterval));
	}

	ShopJwtProperties properties(Duration cacheTimeToLive, Duration minRefetchInterval) {
		return new ShopJwtProperties(URI.create(ISSUER), this.jwks.uri(), "order-service", Duration.ofSeconds(30),
				new ShopJwtProperties.Jwks(cacheTimeToLive, minRefetchInterval, Duration.ofHours(1),
						Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50)));
	}

	private void assertRefused(String token) {
		assertRefused(decoder(), token);
	}

	private static void assertRefused(Function<String, Jwt> decoder, String token) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.apply(token));
	}

	static String token(Consumer<JWTClaimsSet.Builder> change) throws Exception {
		return sign(realmKey, JWSAlgorithm.RS256, JOSEObjectType.JWT, claims(change));
	}

	private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("alice-id")
			.audience(List.of("order-service", "payment-service"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("typ", "Bearer")
			.claim("azp", "gateway")
			.claim("scope", "openid orders:read");
		change.accept(claims);
		return claims.build();
	}

	private static String sign(RSAKey key, JWSAlgorithm algorithm, JOSEObjectType type, JWTClaimsSet claims)
			throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(type).keyID(key.getKeyID()).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
