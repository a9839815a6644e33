package com.example.shop.gateway.edge;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.example.shop.gateway.GatewayUnderTest;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.GenericContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis stopped, each route's choice applies within a bounded time: reads are served
 * (fail open), payments answer 503 (fail closed), and each such decision is counted. Once
 * Redis is known to be down the decision no longer waits for it (the times are printed).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(RedisTestConfiguration.class)
@DirtiesContext
class RedisDownIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(2);

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private GenericContainer<?> redis;

	@Autowired
	private MeterRegistry meters;

	@Test
	void requestsWhenRedisStoppedThenReadsServedPaymentsRefusedAndEachAnsweredInBoundedTime() throws Exception {
		String alice = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		assertThat(send("/api/payments", alice).statusCode()).as("payments with Redis up").isEqualTo(200);

		this.redis.stop();
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			long start = System.nanoTime();
			assertThat(send("/api/orders", alice).statusCode()).isEqualTo(200);
			millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
			start = System.nanoTime();
			HttpResponse<String> payments = send("/api/payments", alice);
			millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
			assertThat(payments.statusCode()).isEqualTo(503);
			assertThat(payments.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(payments.headers().firstValue("Retry-After")).hasValue("2");
		}

		// The first two decisions wait for Redis's timeout; then the breaker decides at
		// once (but for one trial request every two seconds).
		List<Long> afterFirstFailures = millis.subList(2, millis.size()).stream().sorted().toList();
		System.out.printf(
				"[redis-down] gateway answer times with Redis stopped (ms): %s; after the first two:"
						+ " median %d ms, max %d ms%n",
				millis, afterFirstFailures.get(afterFirstFailures.size() / 2),
				afterFirstFailures.get(afterFirstFailures.size() - 1));
		assertThat(millis).allSatisfy((ms) -> assertThat(ms).isLessThan(BOUND.toMillis()));
		assertThat(this.meters.counter("shop.gateway.ratelimiter.redis.failures", "route", "orders", "policy", "ALLOW")
			.count()).isEqualTo(10);
		assertThat(this.meters.counter("shop.gateway.ratelimiter.redis.failures", "route", "payments", "policy", "DENY")
			.count()).isEqualTo(10);
		// Audit events: each limit's failing open or closed, once per limit while Redis
		// stays away (the counters above count every request).
		assertThat(this.meters
			.counter("shop.audit.events", "action", "rate-limit-fail-open", "outcome", "unknown", "reason",
					"redis-unavailable")
			.count()).isBetween(1.0, 10.0);
		assertThat(this.meters
			.counter("shop.audit.events", "action", "rate-limit", "outcome", "failure", "reason", "redis-unavailable")
			.count()).isBetween(1.0, 10.0);
	}

	private HttpResponse<String> send(String path, String token) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
