package com.example.shop.paymentservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.RefusedTokens;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment-service with real PostgreSQL and real tokens from the realm: idempotency,
 * object ownership, admin refunds, refused tokens, and the management port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "shop.security.jwt.clock-skew=1s" })
@Import(PostgresTestConfiguration.class)
class PaymentServiceIntegrationTests {

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	private static String alice;

	private static String bob;

	private static String admin;

	private static String aliceFromOrders;

	private static String bobFromOrders;

	private final ApiClient api = ApiClient.localTlsServer(() -> this.environment, ServiceName.PAYMENT_SERVICE,
			ServiceName.GATEWAY);

	private final ApiClient internal = ApiClient.localTlsServer(() -> this.environment, ServiceName.PAYMENT_SERVICE,
			ServiceName.ORDER_SERVICE);

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void keycloakProperties(DynamicPropertyRegistry registry) {
		keycloak.registerProperties(registry);
		TestPki.get().registerTlsDirectory(registry, ServiceName.PAYMENT_SERVICE);
	}

	@BeforeAll
	static void logIn() {
		// The public API's tokens come from the gateway, exchanged for payment-service;
		// the
		// internal API's from order-service, exchanged from its own.
		alice = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		bob = keycloak.tokenFor(DemoUser.BOB, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		admin = keycloak.tokenFor(DemoUser.ADMIN, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		aliceFromOrders = fromOrderService(DemoUser.ALICE);
		bobFromOrders = fromOrderService(DemoUser.BOB);
	}

	@Test
	void authorizeWhenSameKeyAndBodyAgainThenResultReplayedAndOnePayment() throws Exception {
		UUID order = UUID.randomUUID();
		String key = newKey();

		HttpResponse<String> first = authorize(aliceFromOrders, key, order, "25.00");
		HttpResponse<String> replay = authorize(aliceFromOrders, key, order, "25.0");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(Json.object(replay.body()).get("paymentId")).isEqualTo(Json.object(first.body()).get("paymentId"));
		assertThat(Json.object(first.body())).containsEntry("status", "AUTHORIZED")
			.containsOnlyKeys("paymentId", "orderId", "status", "amount", "currency", "createdAt");
		assertThat(paymentsFor(order)).isEqualTo(1);
	}

	@Test
	void authorizeWhenSameKeyOtherBodyThenUnprocessableAndNothingWritten() throws Exception {
		UUID order = UUID.randomUUID();
		String key = newKey();
		authorize(aliceFromOrders, key, order, "10.00");

		HttpResponse<String> reuse = authorize(aliceFromOrders, key, order, "99.00");
		HttpResponse<String> otherOrder = authorize(aliceFromOrders, key, UUID.randomUUID(), "10.00");

		assertThat(reuse.statusCode()).isEqualTo(422);
		assertThat(reuse.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(otherOrder.statusCode()).isEqualTo(422);
		assertThat(
				this.jdbc.queryForObject("SELECT amount::text FROM payments WHERE order_id = ?", String.class, order))
			.isEqualTo("10.00");
		assertThat(totalPayments(key)).isEqualTo(1);
	}

	@Test
	void authorizeWhenAnotherUserSendsTheSameKeyAndBodyThenNoReplayOfTheirPayment() throws Exception {
		UUID order = UUID.randomUUID();
		String key = newKey();
		authorize(aliceFromOrders, key, order, "10.00");

		HttpResponse<String> bobsTry = authorize(bobFromOrders, key, order, "10.00");

		assertThat(bobsTry.statusCode()).isEqualTo(409);
		assertThat(bobsTry.body()).doesNotContain("paymentId");
		assertThat(paymentsFor(order)).isEqualTo(1);
	}

	@Test
	void authorizeWhenAmountOverTheLimitThenDeclined() throws Exception {
		HttpResponse<String> response = authorize(aliceFromOrders, newKey(), UUID.randomUUID(), "5000.00");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(Json.object(response.body())).containsEntry("status", "DECLINED");
	}

	@Test
	void getWhenOwnerOrAdminThenPaymentElseNotFound() throws Exception {
		String id = paymentId(authorize(aliceFromOrders, newKey(), UUID.randomUUID(), "7.00"));

		assertThat(this.api.get("/api/payments/" + id, alice).statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/payments/" + id, admin).statusCode()).isEqualTo(200);
		HttpResponse<String> bobs = this.api.get("/api/payments/" + id, bob);
		assertThat(bobs.statusCode()).isEqualTo(404);
		UUID unknown = UUID.randomUUID();
		assertThat(bobs.body().replace(id, "ID"))
			.isEqualTo(this.api.get("/api/payments/" + unknown, bob).body().replace(unknown.toString(), "ID"));
		assertThat(this.api.get("/api/payments?size=100", bob).body()).doesNotContain(id);
		assertThat(this.api.get("/api/payments?size=100", alice).body()).contains(id);
	}

	@Test
	void refundWhenUserThenForbiddenAndUnchangedWhenAdminThenRefundedOnce() throws Exception {
		String id = paymentId(authorize(aliceFromOrders, newKey(), UUID.randomUUID(), "8.00"));

		assertThat(this.api.post("/api/payments/" + id + "/refund", alice, "").statusCode()).isEqualTo(403);
		assertThat(status(id)).isEqualTo("AUTHORIZED");

		assertThat(this.api.post("/api/payments/" + id + "/refund", admin, "").statusCode()).isEqualTo(200);
		assertThat(status(id)).isEqualTo("REFUNDED");
		assertThat(this.api.post("/api/payments/" + id + "/refund", admin, "").statusCode()).isEqualTo(409);
	}

	@Test
	void requestWhenTokenIsForTheGatewayOrOrderServiceThenUnauthorizedAndNothingWritten() {
		// Real tokens of the same user, each meant for another hop: the gateway's (from
		// the login) and order-service's (the gateway's exchange for order-service).
		Map<String, String> tokens = Map.of("gateway token", keycloak.login(DemoUser.ALICE).accessToken(),
				"order-service token", keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken());
		long before = this.jdbc.queryForObject("SELECT count(*) FROM payments", Long.class);

		tokens.forEach((kind, token) -> {
			for (HttpResponse<String> response : List.of(this.api.get("/api/payments", token),
					authorize(token, newKey(), UUID.randomUUID(), "1.00"))) {
				assertThat(response.statusCode()).as(kind).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).as(kind)
					.hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
			}
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payments", Long.class)).isEqualTo(before);
		// The control: the token the gateway exchanged for payment-service is served.
		assertThat(this.api.get("/api/payments", alice).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenTokenRefusedThenUnauthorizedAndNothingWritten() throws Exception {
		RefusedTokens refused = new RefusedTokens(keycloak);
		// The control: the kind of token that will expire, still fresh, is authenticated
		// (and then lacks the USER role), so its later 401 comes from its expiry alone.
		assertThat(authorize(refused.shortLived(), newKey(), UUID.randomUUID(), "1.00").statusCode()).isEqualTo(403);
		Map<String, String> tokens = Map.of("ID token", refused.idToken(DemoUser.ALICE), "refresh token",
				refused.refreshToken(DemoUser.ALICE), "other audience", refused.otherAudience(), "forged signature",
				refused.forgedSignature(DemoUser.ALICE), "expired", refused.expired(Duration.ofSeconds(1)));
		long before = this.jdbc.queryForObject("SELECT count(*) FROM payments", Long.class);

		tokens.forEach((kind, token) -> {
			HttpResponse<String> response = authorize(token, newKey(), UUID.randomUUID(), "1.00");
			assertThat(response.statusCode()).as(kind).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(kind)
				.hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payments", Long.class)).isEqualTo(before);
	}

	@Test
	void managementPortServesProbesAndMetricsAndTheApiPortDoesNot() throws Exception {
		ApiClient probes = ApiClient.localManagement(() -> this.environment);

		assertThat(probes.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		assertThat(probes.get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
		assertThat(probes.get("/actuator/env", null).statusCode()).isEqualTo(403);
		HttpResponse<String> overTheApiPort = this.api.get("/actuator/health", alice);
		assertThat(overTheApiPort.statusCode()).isEqualTo(403);
		assertThat(overTheApiPort.body()).doesNotContain("UP");
	}

	private static String fromOrderService(DemoUser user) {
		return keycloak.paymentTokenOf(keycloak.tokenFor(user, ShopRealm.ORDER_SERVICE_CLIENT).accessToken())
			.accessToken();
	}

	private HttpResponse<String> authorize(String token, String key, UUID order, String amount) {
		return this.internal.post("/internal/payments", token, Map.of("Idempotency-Key", key),
				"{\"orderId\":\"" + order + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}");
	}

	private String status(String paymentId) {
		return this.jdbc.queryForObject("SELECT status FROM payments WHERE public_id = ?::uuid", String.class,
				paymentId);
	}

	private long paymentsFor(UUID order) {
		return this.jdbc.queryForObject("SELECT count(*) FROM payments WHERE order_id = ?", Long.class, order);
	}

	private long totalPayments(String key) {
		return this.jdbc.queryForObject("SELECT count(*) FROM payments WHERE idempotency_key = ?", Long.class, key);
	}

	private static String paymentId(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(201);
		return (String) Json.object(response.body()).get("paymentId");
	}

	private static String newKey() {
		return "key-" + UUID.randomUUID();
	}

}
