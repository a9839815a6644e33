package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.RefusedTokens;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak frozen while the gateway has no keys cached (a fresh start), then back: API
 * requests get 503 with {@code Retry-After} meanwhile, never a redirect; valid tokens
 * work again within a retry interval of Keycloak answering; a flood of tokens with
 * made-up key ids gets 401 and locks nobody out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "shop.security.jwt.jwks.retry-after-failure=1s")
@Import(RedisTestConfiguration.class)
// A fresh context: its key cache is cold.
@DirtiesContext
// The outage first, while no request has filled the cache.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakOutageIntegrationTests {

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	@Order(1)
	void apiWhenKeycloakPausedWithCacheColdThenUnavailableAndBackWithinSecondsOfResume() throws Exception {
		String alice = keycloak.login(DemoUser.ALICE).accessToken();
		int before = gateway.services().received().size();
		List<Long> outageMillis = new ArrayList<>();
		long recoveryMillis;
		keycloak.pause();
		try {
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = send("/api/orders", alice, "text/html");
				outageMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.headers().firstValue("Location")).isEmpty();
			}
			// What is wrong with the token itself is still told without keys.
			assertThat(send("/api/orders", "not-a-jwt", null).statusCode()).isEqualTo(401);
		}
		finally {
			keycloak.resume();
		}
		long resumed = System.nanoTime();
		int status;
		do {
			status = send("/api/orders", alice, null).statusCode();
			if (status != 200) {
				Thread.sleep(100);
			}
		}
		while (status != 200 && System.nanoTime() - resumed < Duration.ofSeconds(30).toNanos());
		recoveryMillis = Duration.ofNanos(System.nanoTime() - resumed).toMillis();

		System.out.printf("[keycloak-outage] answer times while paused (ms): %s; first 200 after resume: %d ms%n",
				outageMillis, recoveryMillis);
		assertThat(status).isEqualTo(200);
		// The old key source kept refusing for about 27 s after Keycloak was back.
		assertThat(recoveryMillis).as("recovery after resume (ms)").isLessThan(10_000);
		assertThat(gateway.services().received()).hasSize(before + 1);
	}

	@Test
	@Order(2)
	void apiWhenFloodOfUnknownKeyIdsThenEach401AndValidTokensStillServed() throws Exception {
		RefusedTokens refused = new RefusedTokens(keycloak);
		String alice = keycloak.login(DemoUser.ALICE).accessToken();
		int before = gateway.services().received().size();
		List<Integer> statuses = new ArrayList<>();

		for (int i = 0; i < 30; i++) {
			HttpResponse<String> response = send("/api/orders", refused.unknownKeyId(DemoUser.BOB, "made-up-" + i),
					(i % 2 == 0) ? "text/html" : null);
			statuses.add(response.statusCode());
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
			assertThat(send("/api/orders", alice, null).statusCode()).isEqualTo(200);
		}

		assertThat(statuses).containsOnly(401);
		assertThat(gateway.services().received()).hasSize(before + 30);
	}

	@Test
	@Order(3)
	void apiWhenKeycloakPausedWithKeysKnownThenAKeptExchangedTokenServesAndAnotherIsUnavailable() {
		String kept = keycloak.login(DemoUser.ALICE).accessToken();
		String fresh = keycloak.login(DemoUser.BOB).accessToken();
		assertThat(send("/api/orders", kept, null).statusCode()).isEqualTo(200);
		int before = gateway.services().received().size();
		HttpResponse<String> withKept;
		HttpResponse<String> withFresh;
		keycloak.pause();
		try {
			withKept = send("/api/orders", kept, null);
			withFresh = send("/api/orders", fresh, "text/html");
		}
		finally {
			keycloak.resume();
		}

		// The keys are known, so both tokens are valid; only alice's has an exchanged
		// token kept. Bob's needs Keycloak: 503, not 401, and nothing routed.
		assertThat(withKept.statusCode()).isEqualTo(200);
		assertThat(withFresh.statusCode()).isEqualTo(503);
		assertThat(withFresh.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(withFresh.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(withFresh.headers().firstValue("Location")).isEmpty();
		assertThat(gateway.services().received()).hasSize(before + 1);
		// And once Keycloak answers again, bob is served.
		assertThat(send("/api/orders", fresh, null).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String path, String token, String accept) {
		Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + token));
		if (accept != null) {
			headers.put("Accept", accept);
		}
		return gateway.client().send("GET", path, headers, null);
	}

}
