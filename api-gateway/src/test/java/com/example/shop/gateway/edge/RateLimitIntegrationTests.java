package com.example.shop.gateway.edge;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.example.shop.gateway.GatewayUnderTest;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in a real Redis: per user for authenticated calls, per client address for
 * anonymous ones. Each request costs 60 tokens of a bucket refilled by 1 per second, so a
 * burst of {@value #BURST} requests is followed by one request a minute: the test's quick
 * requests cannot be helped by a refill.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.rate-limit.orders.replenish-rate=1", "shop.rate-limit.orders.requested-tokens=60",
				"shop.rate-limit.orders.burst-capacity=300", "shop.rate-limit.catalogue.replenish-rate=1",
				"shop.rate-limit.catalogue.requested-tokens=60", "shop.rate-limit.catalogue.burst-capacity=300" })
@Import(RedisTestConfiguration.class)
class RateLimitIntegrationTests {

	private static final int BURST = 5;

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private MeterRegistry meters;

	@Test
	void requestsWhenBurstExceededByKThenExactlyK429sAndAnotherUserUnaffected() throws Exception {
		String alice = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		String bob = ShopKeycloak.get().login(DemoUser.BOB).accessToken();
		int k = 3;
		double audited = this.meters
			.counter("shop.audit.events", "action", "rate-limit", "outcome", "failure", "reason", "orders")
			.count();

		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < BURST + k; i++) {
			responses.add(send(request("/api/orders").header("Authorization", "Bearer " + alice)));
		}
		HttpResponse<String> bobs = send(request("/api/orders").header("Authorization", "Bearer " + bob));

		assertThat(responses).filteredOn((response) -> response.statusCode() == 429).hasSize(k);
		assertThat(responses.subList(0, BURST))
			.allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
		HttpResponse<String> limited = responses.get(BURST);
		assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).isPresent();
		assertThat(limited.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue("300");
		// 60 tokens a request at 1 a second.
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(limited.body()).contains("\"status\":429");
		assertThat(bobs.statusCode()).isEqualTo(200);
		// Each refusal an audit event of the route's limit.
		assertThat(this.meters
			.counter("shop.audit.events", "action", "rate-limit", "outcome", "failure", "reason", "orders")
			.count()).isEqualTo(audited + k);
	}

	@Test
	void anonymousWhenSpoofedForwardedForThenSameBucket() throws Exception {
		for (int i = 0; i < BURST; i++) {
			assertThat(send(request("/api/public/products")).statusCode()).isEqualTo(200);
		}

		HttpResponse<String> plain = send(request("/api/public/products"));
		HttpResponse<String> spoofed = send(request("/api/public/products").header("X-Forwarded-For", "203.0.113.9"));
		HttpResponse<String> forwarded = send(request("/api/public/products").header("Forwarded", "for=203.0.113.10"));

		assertThat(plain.statusCode()).isEqualTo(429);
		assertThat(spoofed.statusCode()).isEqualTo(429);
		assertThat(forwarded.statusCode()).isEqualTo(429);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(gateway.uri(path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
