package com.example.shop.systemtests;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's main flows as an API client runs them against the gateway, with tokens
 * from a real login: every token is issued at Keycloak's public address and checked by
 * the gateway and by both services behind it.
 */
class ApiSystemTests {

	private static final String TWO_MUGS = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2}]}";

	private final ApiClient gateway = new ApiClient(() -> Platform.GATEWAY);

	@Test
	void aliceOrdersAndPaysBobCannotSeeItAdminListsIt() {
		String alice = Platform.accessToken(DemoUser.ALICE);
		String bob = Platform.accessToken(DemoUser.BOB);
		String admin = Platform.accessToken(DemoUser.ADMIN);

		HttpResponse<String> placed = this.gateway.post("/api/orders", alice, TWO_MUGS);

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		Map<String, Object> order = Json.object(placed.body());
		assertThat(order).containsEntry("status", "CONFIRMED");
		String id = (String) order.get("orderId");
		assertThat(this.gateway.get("/api/orders/" + id, alice).statusCode()).isEqualTo(200);
		assertThat(this.gateway.get("/api/payments", alice).body()).contains(id);

		HttpResponse<String> bobs = this.gateway.get("/api/orders/" + id, bob);
		assertThat(bobs.statusCode()).isEqualTo(404);
		assertThat(bobs.body()).doesNotContain("MUG-001");
		assertThat(this.gateway.get("/api/payments", bob).body()).doesNotContain(id);

		HttpResponse<String> all = this.gateway.get("/api/orders/admin/all?size=100&sort=createdAt,desc", admin);
		assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
		assertThat(all.body()).contains(id);
		assertThat(this.gateway.get("/api/orders/admin/all", alice).statusCode()).isEqualTo(403);
	}

	@Test
	void clientRetryWithIdempotencyKeyThenOneOrderAndItsDeleteRefusedOncePaid() {
		String alice = Platform.accessToken(DemoUser.ALICE);
		Map<String, String> key = Map.of("Idempotency-Key", "system-test-" + UUID.randomUUID());

		HttpResponse<String> first = this.gateway.post("/api/orders", alice, key, TWO_MUGS);
		HttpResponse<String> retry = this.gateway.post("/api/orders", alice, key, TWO_MUGS);
		HttpResponse<String> otherBody = this.gateway.post("/api/orders", alice, key,
				TWO_MUGS.replace("\"quantity\":2", "\"quantity\":5"));

		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		String id = (String) Json.object(first.body()).get("orderId");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(Json.object(retry.body())).containsEntry("orderId", id);
		assertThat(otherBody.statusCode()).isEqualTo(422);
		assertThat(otherBody.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		String payments = this.gateway.get("/api/payments?size=100", alice).body();
		assertThat(payments.split(id, -1)).as("one payment for the order").hasSize(2);

		HttpResponse<String> delete = this.gateway.delete("/api/orders/" + id, alice);
		assertThat(delete.statusCode()).isEqualTo(409);
		assertThat(this.gateway.get("/api/orders/" + id, alice).statusCode()).isEqualTo(200);
	}

	@Test
	void requestsOverTheRateLimitThenTooManyRequestsWithProblem() {
		String bob = Platform.accessToken(DemoUser.BOB);
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> limited = null;

		// The orders route allows each user a burst of 20, then 10 per second: one
		// client calling back to back drains it within a few seconds. (One at a time:
		// the route's bulkhead answers 503 beyond 25 concurrent calls, which is
		// another limit.)
		for (int i = 0; i < 200 && limited == null; i++) {
			HttpResponse<String> response = this.gateway.get("/api/orders", bob);
			statuses.add(response.statusCode());
			if (response.statusCode() == 429) {
				limited = response;
			}
		}

		assertThat(limited).as("a 429 within 200 calls: %s", statuses).isNotNull();
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(statuses.subList(0, statuses.size() - 1)).hasSizeGreaterThanOrEqualTo(20).containsOnly(200);
		// Another user has a bucket of their own.
		assertThat(this.gateway.get("/api/orders", Platform.accessToken(DemoUser.ALICE)).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenNoTokenOrInternalPathThenRefused() {
		String alice = Platform.accessToken(DemoUser.ALICE);

		assertThat(this.gateway.get("/api/orders", null).statusCode()).isEqualTo(401);
		assertThat(this.gateway.get("/internal/payments", alice).statusCode()).isEqualTo(404);
		assertThat(this.gateway.get("/actuator/env", alice).statusCode()).isEqualTo(404);
	}

}
