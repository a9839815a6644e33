package com.example.shop.systemtests;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The runbooks of docs/runbooks.md that change the running platform, run with their own
 * scripts against the compose platform: the realm's signing keys rotated without a
 * refused token, the platform CA rotated to a new key under traffic, and a user's
 * sessions and tokens revoked (with what revocation cannot reach, the tokens already
 * exchanged, shown too). The platform's key cache is 40 s here
 * ({@code JWKS_CACHE_TIME_TO_LIVE}), so each wait of the runbook is seconds.
 */
class RunbookSystemTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	/**
	 * The runbook's wait for the key caches: 40 s here (a cache older than that is
	 * fetched again at the next token), with a margin.
	 */
	private static final Duration KEY_CACHE_WAIT = Duration.ofSeconds(50);

	/** The services' reload quiet period (10 s) with a margin. */
	private static final Duration CERTIFICATE_RELOAD_WAIT = Duration.ofSeconds(25);

	private final ApiClient gateway = new ApiClient(() -> Platform.GATEWAY);

	@Test
	void rotateRealmKeysThenNewTokensSignedByTheNewKeyAndEveryValidTokenAcceptedThroughout() throws Exception {
		String before = Platform.accessToken(DemoUser.ALICE);
		String oldKid = kid(before);
		assertThat(this.gateway.get("/api/orders", before).statusCode()).isEqualTo(200);

		String published = ops("rotate-realm-keys.sh", "publish");
		assertThat(published).contains("published kid").contains("still signed by kid " + oldKid);
		String newKid = published.replaceAll("(?s).*published kid (\\S+),.*", "$1");
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(jwks()).contains(oldKid, newKid);
		// Published, not signing.
		assertThat(kid(Platform.accessToken(DemoUser.ALICE))).isEqualTo(oldKid);
		// The runbook's wait: every component fetches the keys again within its cache
		// time.
		Compose.sleep(KEY_CACHE_WAIT);

		assertThat(ops("rotate-realm-keys.sh", "activate")).contains("signed by kid " + newKid);
		String after = Platform.accessToken(DemoUser.ALICE);
		assertThat(kid(after)).isEqualTo(newKid);
		// At once: the new key was known everywhere before it signed (gateway,
		// order-service
		// and payment-service all check the tokens of this order).
		HttpResponse<String> placed = this.gateway.post("/api/orders", after, ORDER);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		assertThat(Json.object(placed.body())).containsEntry("status", "CONFIRMED");
		assertThat(this.gateway.get("/api/payments", before).statusCode()).isEqualTo(200);

		assertThat(ops("rotate-realm-keys.sh", "retire")).contains("only kid " + newKid);
		assertThat(jwks()).contains(newKid).doesNotContain(oldKid);
		assertThat(this.gateway.get("/api/orders", after).statusCode()).isEqualTo(200);
		// A token of the retired key is refused once the caches let the key go.
		String beforeFresh = Platform.accessToken(DemoUser.BOB);
		assertThat(kid(beforeFresh)).isEqualTo(newKid);
		awaitStatus(() -> this.gateway.get("/api/orders", before).statusCode(), 401);
		assertThat(this.gateway.get("/api/orders", beforeFresh).statusCode()).isEqualTo(200);
	}

	@Test
	void revokeUserThenSessionsEndedRefreshAndNewExchangesRefusedAndKeptExchangesLastTheirLifetime() {
		TokenResponse bob = Platform.tokens(DemoUser.BOB);
		Browser browser = Platform.browserLogin(DemoUser.BOB);
		assertThat(this.gateway.get("/api/orders", bob.accessToken()).statusCode()).isEqualTo(200);
		assertThat(browser.get(Platform.GATEWAY.resolve("/api/orders")).statusCode()).isEqualTo(200);

		assertThat(ops("revoke-user.sh", "bob")).contains("every session of bob");

		// Keycloak ended the sessions: their refresh tokens are refused...
		assertThat(Platform.realm()
			.tokenEndpoint()
			.post(Map.of("grant_type", "refresh_token", "refresh_token", bob.refreshToken()), "gateway",
					Platform.gatewayClientSecret())
			.status()).isEqualTo(400);
		// ...and so is an exchange for a service the token was not exchanged for yet.
		assertThat(this.gateway.get("/api/payments", bob.accessToken()).statusCode()).isEqualTo(401);
		// The gateway's browser session ended with Keycloak's (back-channel logout).
		awaitStatus(() -> browser.get(Platform.GATEWAY.resolve("/api/orders")).statusCode(), 401);
		// What the runbook says revocation cannot reach: the token the gateway already
		// exchanged for order-service serves until it expires (or the gateway restarts).
		assertThat(this.gateway.get("/api/orders", bob.accessToken()).statusCode()).isEqualTo(200);
		// bob logs in again (the account was not disabled) and is served.
		assertThat(this.gateway.get("/api/payments", Platform.accessToken(DemoUser.BOB)).statusCode()).isEqualTo(200);
	}

	/**
	 * The CA rotation with traffic through every mutual-TLS hop (gateway to
	 * order-service, order-service to payment-service, gateway to payment-service) all
	 * along: not one request refused or left pending while the services reload their
	 * files step by step.
	 */
	@Test
	void rotatePlatformCaThenEveryHopKeepsServingThroughEveryStep() throws Exception {
		String alice = Platform.accessToken(DemoUser.ALICE);
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicInteger requests = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread traffic = Thread.ofVirtual().start(() -> {
			while (running.get()) {
				HttpResponse<String> placed = this.gateway.post("/api/orders", alice, ORDER);
				HttpResponse<String> payments = this.gateway.get("/api/payments", alice);
				requests.addAndGet(2);
				if (placed.statusCode() != 201 || !placed.body().contains("CONFIRMED")) {
					failures.add("POST /api/orders: " + placed.statusCode() + " " + placed.body());
				}
				if (payments.statusCode() != 200) {
					failures.add("GET /api/payments: " + payments.statusCode());
				}
				Compose.sleep(Duration.ofMillis(300));
			}
		});
		try {
			for (String step : List.of("trust-both", "reissue", "trust-new-only")) {
				assertThat(ops("rotate-platform-ca.sh", step)).contains("rotate-ca " + step + ": wrote");
				// The runbook's wait: every service reloads its files (quiet period 10
				// s).
				Compose.sleep(CERTIFICATE_RELOAD_WAIT);
			}
		}
		finally {
			running.set(false);
			traffic.join();
		}
		assertThat(failures).isEmpty();
		assertThat(requests.get()).isGreaterThan(50);
		// Out of order, a step changes nothing: no rotation is in progress any more.
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> ops("rotate-platform-ca.sh", "reissue"))
			.withMessageContaining("run trust-both first");
	}

	private static String ops(String script, String... arguments) {
		String[] command = new String[arguments.length + 2];
		command[0] = "bash";
		command[1] = "ops/" + script;
		System.arraycopy(arguments, 0, command, 2, arguments.length);
		return Compose.run(Duration.ofMinutes(2), command);
	}

	private static String jwks() {
		return new Browser().get(URI.create(Platform.ISSUER + "/protocol/openid-connect/certs")).body();
	}

	private static String kid(String token) throws ParseException {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	private static void awaitStatus(IntSupplier call, int expected) {
		Instant deadline = Instant.now().plus(KEY_CACHE_WAIT.multipliedBy(2));
		int status;
		while ((status = call.getAsInt()) != expected) {
			assertThat(Instant.now()).as("still %d, not %d", status, expected).isBefore(deadline);
			Compose.sleep(Duration.ofSeconds(2));
		}
	}

}
