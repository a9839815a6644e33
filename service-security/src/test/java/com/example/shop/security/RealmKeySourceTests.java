package com.example.shop.security;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the realm's keys are fetched under an outage and under a flood of made-up key ids,
 * on a clock the test moves: no waiting, so each figure is exact.
 */
class RealmKeySourceTests {

	private static final ShopJwtProperties.Jwks SETTINGS = new ShopJwtProperties.Jwks(Duration.ofMinutes(5),
			Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(2),
			Duration.ofSeconds(1));

	private static RSAKey realmKey;

	private static RSAKey rotatedKey;

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final Keycloak keycloak = new Keycloak();

	private final RealmKeySource keys = new RealmKeySource(URI.create("http://keycloak.test/certs").toURL(),
			this.keycloak, SETTINGS, this.clock, Runnable::run);

	RealmKeySourceTests() throws Exception {
	}

	@BeforeAll
	static void generateKeys() throws Exception {
		realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
		rotatedKey = new RSAKeyGenerator(2048).keyID("rotated-key").generate();
	}

	@Test
	void getWhenColdAndKeycloakDownThenUnavailableAtOnceAndTriedOncePerRetryInterval() throws Exception {
		this.keycloak.down.set(true);

		for (int i = 0; i < 50; i++) {
			assertThatExceptionOfType(RealmKeySource.KeysUnavailableException.class)
				.isThrownBy(() -> this.keys.get(select("realm-key"), null));
		}
		// One fetch: the callers after it come within the retry interval of its end, not
		// of its start (two seconds of timeout ago), and are answered at once.
		assertThat(this.keycloak.fetches).as("fetches within one retry interval").hasValue(1);

		this.clock.advance(Duration.ofSeconds(1));
		this.keycloak.down.set(false);

		assertThat(this.keys.get(select("realm-key"), null)).extracting(JWK::getKeyID).containsExactly("realm-key");
		assertThat(this.keycloak.fetches).hasValue(2);
	}

	@Test
	void hasKeyForWhenKeysInMemoryThenOnlyForTheirKidsAndNeverFetches() throws Exception {
		assertThat(this.keys.hasKeyFor(header("realm-key"))).as("nothing fetched yet").isFalse();
		assertThat(this.keycloak.fetches).hasValue(0);
		this.keys.get(select("realm-key"), null);

		assertThat(this.keys.hasKeyFor(header("realm-key"))).isTrue();
		assertThat(this.keys.hasKeyFor(header("made-up"))).isFalse();
		assertThat(this.keys.hasKeyFor(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("realm-key").build()))
			.as("another key type under the realm key's id")
			.isFalse();
		this.clock.advance(SETTINGS.cacheTimeToLive().plus(SETTINGS.outageTolerance()));
		assertThat(this.keys.hasKeyFor(header("realm-key"))).as("keys past the outage tolerance").isFalse();
		assertThat(this.keycloak.fetches).hasValue(1);
	}

	private static JWSHeader header(String kid) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
	}

	@Test
	void getWhenUnknownKidFloodThenRefusedWithOneFetchPerMinimumRefetchInterval() throws Exception {
		this.keys.get(select("realm-key"), null);

		for (int i = 0; i < 1000; i++) {
			assertThat(this.keys.get(select("made-up-" + i), null)).isEmpty();
			this.clock.advance(Duration.ofMillis(10));
		}

		// 10 seconds of flood, inside one 30 second interval: the first fetch only.
		assertThat(this.keycloak.fetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.keys.get(select("made-up"), null)).isEmpty();
		assertThat(this.keycloak.fetches).hasValue(2);
	}

	@Test
	void getWhenKeycloakDownWithKeysCachedThenKnownKeyServedAndUnknownRefusedNotUnavailable() throws Exception {
		this.keys.get(select("realm-key"), null);
		this.keycloak.down.set(true);
		this.clock.advance(Duration.ofHours(2));

		assertThat(this.keys.get(select("realm-key"), null)).hasSize(1);
		// A made-up kid during an outage is a bad token (401), never a 5xx.
		assertThat(this.keys.get(select("made-up"), null)).isEmpty();
	}

	@Test
	void getWhenKeyRotatedDuringOutageThenFoundWithinOneRetryIntervalOfRecovery() throws Exception {
		this.keys.get(select("realm-key"), null);
		this.clock.advance(Duration.ofMinutes(1));
		this.keycloak.down.set(true);
		this.keycloak.keys.set(new JWKSet(List.of(realmKey, rotatedKey)));
		assertThat(this.keys.get(select("rotated-key"), null)).as("during the outage").isEmpty();

		this.keycloak.down.set(false);
		this.clock.advance(Duration.ofSeconds(1));

		// Not the 30 seconds a failed fetch used to start.
		assertThat(this.keys.get(select("rotated-key"), null)).extracting(JWK::getKeyID).containsExactly("rotated-key");
	}

	@Test
	void getWhenCachedKeysOlderThanOutageToleranceThenUnavailable() throws Exception {
		this.keys.get(select("realm-key"), null);
		this.keycloak.down.set(true);
		this.clock.advance(SETTINGS.cacheTimeToLive().plus(SETTINGS.outageTolerance()));

		assertThatExceptionOfType(RealmKeySource.KeysUnavailableException.class)
			.isThrownBy(() -> this.keys.get(select("realm-key"), null));
	}

	@Test
	void getWhenCacheExpiredThenRefreshedAndRemovedKeyNoLongerFound() throws Exception {
		this.keycloak.keys.set(new JWKSet(List.of(realmKey, rotatedKey)));
		this.keys.get(select("realm-key"), null);
		this.keycloak.keys.set(new JWKSet(rotatedKey));
		this.clock.advance(SETTINGS.cacheTimeToLive());

		// The expired keys serve this call; the refresh (run at once here) replaces them.
		assertThat(this.keys.get(select("realm-key"), null)).hasSize(1);
		assertThat(this.keycloak.fetches).hasValue(2);
		assertThat(this.keys.get(select("realm-key"), null)).isEmpty();
	}

	private static JWKSelector select(String kid) {
		return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
	}

	/**
	 * The realm's JWK set endpoint, counted, and down on demand: then a fetch fails after
	 * the read timeout has passed on the clock.
	 */
	private final class Keycloak implements ResourceRetriever {

		final AtomicInteger fetches = new AtomicInteger();

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet(realmKey));

		@Override
		public Resource retrieveResource(java.net.URL url) throws IOException {
			this.fetches.incrementAndGet();
			if (this.down.get()) {
				RealmKeySourceTests.this.clock.advance(SETTINGS.readTimeout());
				throw new IOException("Read timed out");
			}
			return new Resource(this.keys.get().toPublicJWKSet().toString(), "application/json");
		}

	}

}
