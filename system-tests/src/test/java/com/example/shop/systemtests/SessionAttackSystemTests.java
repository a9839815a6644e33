package com.example.shop.systemtests;

import java.util.Map;

import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session and login floods: anonymous API calls and page visits create no session; a
 * flood of login starts from one address (another container, so this machine's own login
 * bucket stays full for the browser tests) is cut off at the login rate limit, and the
 * sessions it leaves are counted in Redis.
 */
class SessionAttackSystemTests {

	private static final int FLOOD = 200;

	private final Attacks attacks = new Attacks("session and login floods");

	@Test
	void anonymousCallsThenNoSession() {
		int before = Attacks.sessions();

		for (int i = 0; i < 50; i++) {
			int round = i;
			this.attacks.attempt("anonymous call " + i, () -> {
				assertThat(Attacks.send("GET", "/api/orders", Map.of(), null).statusCode()).isEqualTo(401);
				assertThat(Attacks.send("GET", "/api/orders", Map.of("Accept", "text/html"), null).statusCode())
					.isEqualTo(401);
				assertThat(
						Attacks.send("GET", (round % 2 == 0) ? "/" : "/index.html", Map.of("Accept", "text/html"), null)
							.statusCode())
					.isIn(200, 302);
				assertThat(Attacks.send("GET", "/api/public/products", Map.of(), null).statusCode()).isEqualTo(200);
			});
		}

		this.attacks.attempt("no session made by anonymous calls",
				() -> assertThat(Attacks.sessions()).isEqualTo(before));
		this.attacks.verify();
	}

	@Test
	void loginStartFloodFromOneAddressThenCutOffAndSessionsBounded() {
		int before = Attacks.sessions();
		long start = System.nanoTime();

		Map<Integer, Integer> statuses = Attacks.floodFromDeniedAddress("/oauth2/authorization/keycloak", FLOOD);

		double seconds = (System.nanoTime() - start) / 1e9;
		int created = Attacks.sessions() - before;
		int redirected = statuses.getOrDefault(302, 0);
		int limited = statuses.getOrDefault(429, 0);
		// The login bucket: 20 at once, then one a second.
		long bound = 20 + (long) Math.ceil(seconds);
		System.out.printf("[session-flood] %d login starts from one address in %.1f s: %s; sessions created: %d"
				+ " (bound: 20 + 1/s x %.1f s = %d)%n", FLOOD, seconds, statuses, created, seconds, bound);
		this.attacks.attempt("login start flood", () -> {
			assertThat(redirected + limited).isEqualTo(FLOOD);
			assertThat(created).isLessThanOrEqualTo((int) bound).isLessThanOrEqualTo(redirected);
			assertThat(limited).isGreaterThanOrEqualTo(FLOOD - (int) bound);
		});
		this.attacks.verify();
	}

}
