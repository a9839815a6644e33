package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions only for logins: anonymous API calls and page visits leave nothing in Redis; a
 * flood of login starts from one address is cut off at the login rate limit, and what it
 * leaves lives only the short pre-login time. Keycloak's back-channel logout is not
 * limited: ending many sessions at once must end them all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.gateway.login-rate-limit.replenish-rate=1",
				"shop.gateway.login-rate-limit.burst-capacity=10", "shop.gateway.pre-login-session-timeout=2m" })
@Import(RedisTestConfiguration.class)
// The flood first: the keep-alive connection of the calls after it used to stop being
// read (Reactor Netty 1.3.6, reactor-netty#4361), which a client saw as a request that
// never ends.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginSessionsIntegrationTests {

	private static final String SESSIONS = "spring:session:sessions:*";

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Test
	@Order(2)
	void anonymousApiCallsAndPageVisitsThenNoSession() throws Exception {
		long before = sessions().size();

		for (int i = 0; i < 20; i++) {
			assertThat(send("GET", "/api/orders", Map.of()).statusCode()).isEqualTo(401);
			assertThat(send("GET", "/api/orders", Map.of("Accept", "text/html")).statusCode()).isEqualTo(401);
			assertThat(send("POST", "/api/orders", Map.of("Content-Type", "application/json")).statusCode())
				.isEqualTo(403);
			assertThat(send("GET", "/api/public/products", Map.of()).statusCode()).isEqualTo(200);
			assertThat(send("GET", "/", Map.of("Accept", "text/html")).statusCode()).isEqualTo(302);
			assertThat(send("GET", "/me", Map.of()).statusCode()).isEqualTo(401);
		}

		assertThat(sessions()).hasSize((int) before);
	}

	@Test
	@Order(1)
	void loginStartsWhenFloodedFromOneAddressThenCutOffAndSessionsBoundedAndShortLived() throws Exception {
		int attempts = 300;
		long before = sessions().size();
		int redirected = 0;
		int limited = 0;
		long start = System.nanoTime();
		for (int i = 0; i < attempts; i++) {
			// A third of them name another client address of the attacker's choice: no
			// fresh bucket.
			HttpResponse<String> response = send("GET", "/oauth2/authorization/keycloak", switch (i % 3) {
				case 1 -> Map.of("X-Forwarded-For", "198.51.100." + (i % 250));
				case 2 -> Map.of("Forwarded", "for=198.51.100." + (i % 250));
				default -> Map.of();
			});
			if (response.statusCode() == 302) {
				redirected++;
			}
			else {
				assertThat(response.statusCode()).isEqualTo(429);
				assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("SESSION="));
				limited++;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<String> created = sessions();
		long bound = 10 + (long) Math.ceil(seconds) * 1;

		System.out.printf(
				"[session-flood] %d login starts from one address in %.1f s: %d redirected, %d answered 429;"
						+ " sessions created: %d (bound: burst 10 + 1/s x %.1f s = %d); each kept at most %s%n",
				attempts, seconds, redirected, limited, created.size() - before, seconds, bound,
				this.redis.getExpire(created.get(created.size() - 1)).block());
		assertThat(created.size() - before).isEqualTo(redirected).isLessThanOrEqualTo(bound);
		assertThat(limited).isGreaterThanOrEqualTo(attempts - (int) bound);
		assertThat(created).allSatisfy((key) -> assertThat(this.redis.getExpire(key).block()).isPositive()
			.isLessThanOrEqualTo(Duration.ofMinutes(2)));
	}

	@Test
	@Order(3)
	void backChannelLogoutWhenManyFromOneAddressThenNoneRateLimited() {
		// Keycloak's logout tokens, one per ended session, all from its address: every
		// one must be read. Three times the burst, back to back, from one address.
		List<Integer> backChannel = new ArrayList<>();
		List<Integer> logouts = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			backChannel.add(gateway.client()
				.send("POST", "/logout/connect/back-channel/keycloak",
						Map.of("Content-Type", "application/x-www-form-urlencoded"), "logout_token=not.a.token")
				.statusCode());
		}
		for (int i = 0; i < 30; i++) {
			logouts.add(send("POST", "/logout", Map.of()).statusCode());
		}

		// Refused for the token (400), never for the rate; the same number of logouts is.
		assertThat(backChannel).containsOnly(400);
		assertThat(logouts).contains(429);
		// The exemption is the endpoint's own path only: encoded and dot-segment
		// spellings are refused before any rule (400), another case is not the endpoint
		// at all.
		for (String variant : List.of("/logout/connect/back-channel%2Fkeycloak",
				"/logout/connect/back-channel/%6Beycloak", "/logout/connect/x/../back-channel/keycloak",
				"/logout/connect/back-channel/./keycloak")) {
			assertThat(send("POST", variant, Map.of()).statusCode()).as(variant).isEqualTo(400);
		}
		assertThat(send("POST", "/Logout/connect/back-channel/keycloak", Map.of()).statusCode()).isIn(401, 403, 404);
	}

	private List<String> sessions() {
		return this.redis.keys(SESSIONS).collectList().block();
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
		return gateway.client().send(method, path, headers, null);
	}

}
