package com.example.shop.orderservice;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.example.shop.orderservice.payment.PaymentServiceClient;
import com.example.shop.orderservice.payment.PaymentTokens;
import com.example.shop.orderservice.payment.ServiceToken;
import com.example.shop.security.mtls.ClientTls;
import com.example.shop.testsupport.containers.Containers;
import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.http.Prometheus;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.RefusedTokens;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.StructuredLogs;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service with real PostgreSQL, real tokens from the realm and the real
 * payment-service (its own process and database): ownership, mass assignment, admin
 * rules, refused tokens and the payment of an order, exactly once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "shop.security.jwt.clock-skew=1s",
				"logging.config=classpath:logback-structured-test.xml" })
@Import(PostgresTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class OrderServiceIntegrationTests {

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	private static final String TWO_MUGS_AND_A_BOOK = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2},"
			+ "{\"sku\":\"BOOK-001\",\"quantity\":1}]}";

	private static String alice;

	private static String aliceSub;

	private static String bob;

	private static String admin;

	private static String adminSub;

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private PaymentServiceClient paymentGateway;

	@Autowired
	private ClientTls clientTls;

	@Autowired
	private ServiceToken serviceToken;

	@Autowired
	private PaymentTokens paymentTokens;

	private final ApiClient api = ApiClient.localTlsServer(() -> this.environment, ServiceName.ORDER_SERVICE,
			ServiceName.GATEWAY);

	private final ApiClient payments = ApiClient.asService(() -> PaymentServiceProcess.get().url(),
			ServiceName.ORDER_SERVICE);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		keycloak.registerProperties(registry);
		TestPki.get().registerTlsDirectory(registry, ServiceName.ORDER_SERVICE);
		registry.add("shop.payment-service.url", () -> PaymentServiceProcess.get().url().toString());
	}

	@BeforeAll
	static void logIn() throws Exception {
		// Tokens as the gateway relays them: exchanged for order-service.
		var tokens = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT);
		alice = tokens.accessToken();
		aliceSub = tokens.parsedAccessToken().getJWTClaimsSet().getSubject();
		bob = keycloak.tokenFor(DemoUser.BOB, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		var adminTokens = keycloak.tokenFor(DemoUser.ADMIN, ShopRealm.ORDER_SERVICE_CLIENT);
		admin = adminTokens.accessToken();
		adminSub = adminTokens.parsedAccessToken().getJWTClaimsSet().getSubject();
	}

	@Test
	void placeWhenAliceThenConfirmedPricedByTheServerAndPaidExactlyOnce() throws Exception {
		long confirmedBefore = paymentAttempts("CONFIRMED");

		HttpResponse<String> response = this.api.post("/api/orders", alice, TWO_MUGS_AND_A_BOOK);

		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> order = Json.object(response.body());
		assertThat(order).containsEntry("status", "CONFIRMED")
			.containsOnlyKeys("orderId", "status", "items", "total", "currency", "createdAt");
		assertThat(new BigDecimal(order.get("total").toString())).isEqualByComparingTo("64.90");
		String id = (String) order.get("orderId");
		assertThat(stored(id)).containsEntry("status", "CONFIRMED").containsEntry("owner_sub", aliceSub);
		assertThat(paymentsFor(id)).containsExactly(List.of(aliceSub, "64.90", "AUTHORIZED"));
		assertThat(Files.readString(PaymentServiceProcess.get().log()))
			.contains("for order " + id + ": user=" + aliceSub + " caller=order-service client=order-service");
		// The payment attempt was observed once (its span carries the order's id).
		assertThat(paymentAttempts("CONFIRMED")).isEqualTo(confirmedBefore + 1);
	}

	@Test
	void placeWhenCallerSendsTraceContextThenPaymentServiceContinuesThatTrace(CapturedOutput output) throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		// As the gateway sends it: its own trace, sampled.
		Map<String, String> traceContext = Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

		HttpResponse<String> response = this.api.post("/api/orders", alice, traceContext, TWO_MUGS_AND_A_BOOK);

		assertThat(response.statusCode()).isEqualTo(201);
		String id = (String) Json.object(response.body()).get("orderId");
		// payment-service's structured line about this order's payment carries the same
		// trace id (the Feign call over mutual TLS carried the trace on), the user and
		// the
		// calling service.
		assertThat(StructuredLogs.withField(Files.readString(PaymentServiceProcess.get().log()), "traceId", traceId))
			.filteredOn((line) -> String.valueOf(line.get("message")).contains("AUTHORIZED for order " + id))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("service.name", "payment-service")
				.containsEntry("user.id", aliceSub)
				.containsEntry("client.service.name", "order-service")
				.containsKey("spanId"));
		// And order-service's own line about it, in the same trace.
		assertThat(StructuredLogs.withField(output.getOut(), "traceId", traceId))
			.anySatisfy((line) -> assertThat(line).containsEntry("service.name", "order-service")
				.containsEntry("user.id", aliceSub)
				.containsEntry("client.service.name", "api-gateway")
				.containsEntry("message", "Order " + id + " is CONFIRMED after a payment attempt"));
	}

	@Test
	void paymentCallsWhenSequentialThenPooledConnectionsReusedWithFewHandshakes() {
		String token = keycloak.paymentTokenOf(alice).accessToken();
		PaymentServiceClient.Charge charge = new PaymentServiceClient.Charge(UUID.randomUUID(),
				"reuse-" + UUID.randomUUID(), new BigDecimal("1.00"), "EUR", aliceSub);
		double before = paymentServiceConnections();
		double requestsBefore = paymentServiceRequests();

		for (int call = 0; call < 1000; call++) {
			assertThat(this.paymentGateway.pay(charge, () -> token)).isEqualTo(PaymentServiceClient.Outcome.PAID);
		}

		double handshakes = paymentServiceConnections() - before;
		double requests = paymentServiceRequests() - requestsBefore;
		System.out.printf("[tls-reuse] 1000 sequential order-service -> payment-service calls: %.0f requests served, "
				+ "%.0f new TLS connections (handshakes), counted by payment-service%n", requests, handshakes);
		assertThat(requests).isEqualTo(1000);
		assertThat(handshakes).isLessThanOrEqualTo(5);
	}

	@Test
	void serviceTokenWhenAskedAgainThenTheKeptTokenWithoutUserOrUserRoles() throws Exception {
		String first = this.serviceToken.accessToken();

		assertThat(this.serviceToken.accessToken()).as("kept, not fetched again").isEqualTo(first);
		JWTClaimsSet claims = SignedJWT.parse(first).getJWTClaimsSet();
		assertThat(claims.getStringClaim("azp")).isEqualTo(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(claims.getStringClaim("scope").split(" ")).contains("payments:charge");
		assertThat(claims.toJSONObject().toString()).doesNotContain("USER");
	}

	@Test
	void pooledClientWhenItKeepsTlsConnectionStateThenEveryCallHandshakes() throws Exception {
		// The control for the figure above: the same pool, TLS context and server, but
		// HttpClient's default connection state, which no new call context matches.
		try (CloseableHttpClient naive = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setTlsSocketStrategy(
						ClientTlsStrategyBuilder.create().setSslContext(this.clientTls.sslContext()).buildClassic())
				.build())
			.build()) {
			double before = paymentServiceConnections();
			for (int call = 0; call < 50; call++) {
				int status = naive.execute(new HttpGet(PaymentServiceProcess.get().url() + "/internal/payments"),
						(response) -> {
							EntityUtils.consume(response.getEntity());
							return response.getCode();
						});
				assertThat(status).isEqualTo(401);
			}
			double handshakes = paymentServiceConnections() - before;
			System.out.printf(
					"[tls-reuse] control: 50 calls from a pool that keeps TLS connection state: %.0f " + "handshakes%n",
					handshakes);
			assertThat(handshakes).isGreaterThanOrEqualTo(45);
		}
	}

	@Test
	void paymentWhenTheOrdersKeyIsReplayedThenNothingNewAndAnotherBodyIsRefused() throws Exception {
		String id = placed(alice, TWO_MUGS_AND_A_BOOK);
		String key = (String) stored(id).get("payment_key");
		String sameBody = "{\"orderId\":\"" + id + "\",\"amount\":\"64.90\",\"currency\":\"EUR\"}";
		String paymentToken = keycloak.paymentTokenOf(alice).accessToken();

		HttpResponse<String> replay = this.payments.post("/internal/payments", paymentToken,
				Map.of("Idempotency-Key", key), sameBody);
		HttpResponse<String> otherBody = this.payments.post("/internal/payments", paymentToken,
				Map.of("Idempotency-Key", key), sameBody.replace("64.90", "0.01"));

		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(otherBody.statusCode()).isEqualTo(422);
		assertThat(paymentsFor(id)).containsExactly(List.of(aliceSub, "64.90", "AUTHORIZED"));
	}

	@Test
	void paymentTokenWhenExchangedThenItNamesPaymentServiceOnlyWithTheUserRoleOnly() throws Exception {
		JWTClaimsSet received = SignedJWT.parse(admin).getJWTClaimsSet();
		assertThat(received.getAudience()).containsExactly(ShopRealm.ORDER_SERVICE_CLIENT);

		JWTClaimsSet sent = SignedJWT.parse(this.paymentTokens.forUser(jwt(admin))).getJWTClaimsSet();

		// What order-service sends payment-service for the admin: meant for
		// payment-service alone, issued to order-service, the same user, the USER role
		// only (the internal API needs no more), none of the user's scopes.
		assertThat(sent.getAudience()).containsExactly(ShopRealm.PAYMENT_SERVICE_CLIENT);
		assertThat(sent.getStringClaim("azp")).isEqualTo(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(sent.getSubject()).isEqualTo(adminSub);
		assertThat(sent.getJSONObjectClaim("realm_access")).containsEntry("roles", List.of("USER"));
		assertThat(sent.getStringClaim("scope")).isBlank();
		assertThat(sent.getExpirationTime()).isAfter(new Date());
	}

	@Test
	void internalPaymentWhenTokenNotExchangedByOrderServiceThenRefusedAndNothingStored() {
		String gatewayLogin = keycloak.login(DemoUser.ALICE).accessToken();
		String gatewaysPaymentToken = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		Map<String, Integer> expected = Map.of("alice's token for order-service", 401,
				"alice's token from the gateway login", 401, "the gateway's token for payment-service (azp gateway)",
				403);
		Map<String, String> tokens = Map.of("alice's token for order-service", alice,
				"alice's token from the gateway login", gatewayLogin,
				"the gateway's token for payment-service (azp gateway)", gatewaysPaymentToken);

		tokens.forEach((kind, token) -> {
			UUID orderId = UUID.randomUUID();
			String body = "{\"orderId\":\"" + orderId + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}";
			HttpResponse<String> response = this.payments.post("/internal/payments", token,
					Map.of("Idempotency-Key", "refused-" + orderId), body);
			assertThat(response.statusCode()).as(kind).isEqualTo(expected.get(kind));
			assertThat(paymentsFor(orderId.toString())).as(kind).isEmpty();
		});
		// The control: alice's token exchanged by order-service is accepted.
		UUID orderId = UUID.randomUUID();
		HttpResponse<String> accepted = this.payments.post("/internal/payments",
				keycloak.paymentTokenOf(alice).accessToken(), Map.of("Idempotency-Key", "accepted-" + orderId),
				"{\"orderId\":\"" + orderId + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}");
		assertThat(accepted.statusCode()).isEqualTo(201);
	}

	@Test
	void placeWhenOneUserTokenPlacesTenOrdersThenOneTokenExchange() {
		String token = keycloak.tokenFor(DemoUser.BOB, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		double exchanged = exchanges("exchanged");
		double cached = exchanges("cached");

		for (int order = 0; order < 10; order++) {
			placed(token, TWO_MUGS_AND_A_BOOK);
		}

		double calls = exchanges("exchanged") - exchanged;
		double hits = exchanges("cached") - cached;
		System.out.printf("[token-exchange] 10 orders with one user token: %.0f exchange(s) at Keycloak, "
				+ "%.0f token(s) from the cache%n", calls, hits);
		assertThat(calls).isEqualTo(1);
		assertThat(hits).isEqualTo(9);
	}

	@Test
	void placeWhenKeycloakDownThenAKeptTokenPaysAndAnotherLeavesThePaymentPending() {
		String kept = keycloak.tokenFor(DemoUser.BOB, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		String fresh = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		placed(kept, TWO_MUGS_AND_A_BOOK);
		double unavailable = exchanges("unavailable");

		HttpResponse<String> withKept;
		HttpResponse<String> withFresh;
		keycloak.pause();
		try {
			withKept = this.api.post("/api/orders", kept, TWO_MUGS_AND_A_BOOK);
			withFresh = this.api.post("/api/orders", fresh, TWO_MUGS_AND_A_BOOK);
		}
		finally {
			keycloak.resume();
		}

		assertThat(withKept.statusCode()).as(withKept.body()).isEqualTo(201);
		assertThat(Json.object(withKept.body())).containsEntry("status", "CONFIRMED");
		assertThat(withFresh.statusCode()).as(withFresh.body()).isEqualTo(202);
		String pending = (String) Json.object(withFresh.body()).get("orderId");
		assertThat(stored(pending)).containsEntry("status", "PENDING_PAYMENT");
		assertThat(paymentsFor(pending)).isEmpty();
		assertThat(exchanges("unavailable")).isEqualTo(unavailable + 1);
	}

	@Test
	void readAndDeleteWhenNotOwnerThenNotFoundAndTheOrderUnchanged() {
		String id = placed(alice, TWO_MUGS_AND_A_BOOK);
		Map<String, Object> before = stored(id);

		assertThat(this.api.get("/api/orders/" + id, bob).statusCode()).isEqualTo(404);
		assertThat(this.api.delete("/api/orders/" + id, bob).statusCode()).isEqualTo(404);
		assertThat(this.api.get("/api/orders", bob).body()).doesNotContain(id);

		assertThat(stored(id)).isEqualTo(before);
		assertThat(this.api.get("/api/orders/" + id, alice).statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/orders/" + id, admin).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteWhenOwnerOrAdminThenDeletedAndAuditedWithWhoAndWhich(CapturedOutput output) {
		String own = declined(alice);
		String other = declined(bob);
		String gone = UUID.randomUUID().toString();
		double notFound = AuditCounts.of(this.meters, "order-delete", "failure", "not-found");

		assertThat(this.api.delete("/api/orders/" + own, alice).statusCode()).isEqualTo(204);
		assertThat(this.api.delete("/api/orders/" + other, admin).statusCode()).isEqualTo(204);
		assertThat(this.api.delete("/api/orders/" + gone, admin).statusCode()).isEqualTo(404);

		assertThat(count(own)).isZero();
		assertThat(count(other)).isZero();
		assertThat(this.api.get("/api/orders/" + own, alice).statusCode()).isEqualTo(404);
		// Who deleted which order: the owner hers, the admin bob's; the admin's try
		// on an order that does not exist is a refused one.
		assertThat(StructuredLogs.withField(output.getOut(), "shop.order.id", own)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "order-delete")
				.containsEntry("event.outcome", "success")
				.containsEntry("user.id", aliceSub));
		assertThat(StructuredLogs.withField(output.getOut(), "shop.order.id", other)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "order-delete")
				.containsEntry("event.outcome", "success")
				.containsEntry("user.id", adminSub));
		assertThat(StructuredLogs.withField(output.getOut(), "shop.order.id", gone)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.outcome", "failure")
				.containsEntry("event.reason", "not-found")
				.containsEntry("user.id", adminSub));
		assertThat(AuditCounts.of(this.meters, "order-delete", "failure", "not-found")).isEqualTo(notFound + 1);
	}

	@Test
	void deleteWhenOrderPaidThenConflictAndOrderAndPaymentUnchanged(CapturedOutput output) {
		String paid = placed(alice, TWO_MUGS_AND_A_BOOK);
		Map<String, Object> before = stored(paid);
		double conflicts = AuditCounts.of(this.meters, "order-delete", "failure", "conflict");

		HttpResponse<String> byOwner = this.api.delete("/api/orders/" + paid, alice);
		HttpResponse<String> byAdmin = this.api.delete("/api/orders/" + paid, admin);

		for (HttpResponse<String> response : List.of(byOwner, byAdmin)) {
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(Json.object(response.body())).containsEntry("status", 409L)
				.containsEntry("detail", "A paid order cannot be deleted: its payment is authorized.");
		}
		assertThat(stored(paid)).isEqualTo(before);
		assertThat(paymentsFor(paid)).containsExactly(List.of(aliceSub, "64.90", "AUTHORIZED"));
		assertThat(AuditCounts.of(this.meters, "order-delete", "failure", "conflict")).isEqualTo(conflicts + 2);
		assertThat(StructuredLogs.withField(output.getOut(), "shop.order.id", paid)).hasSize(2)
			.allSatisfy((event) -> assertThat(event).containsEntry("event.reason", "conflict"));
	}

	@Test
	void placeWhenSameIdempotencyKeyAndBodyThenTheSameOrderAndOnePayment() {
		String key = "retry-" + UUID.randomUUID();
		double paymentCalls = paymentServiceRequests();

		HttpResponse<String> first = this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
				TWO_MUGS_AND_A_BOOK);
		// The same request again, its JSON written another way: the same order.
		HttpResponse<String> again = this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
				"{ \"items\": [ {\"quantity\": 2, \"sku\": \"MUG-001\"}, {\"sku\": \"BOOK-001\", \"quantity\": 1} ] }");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		String id = (String) Json.object(first.body()).get("orderId");
		assertThat(Json.object(again.body())).containsEntry("orderId", id)
			.containsEntry("status", "CONFIRMED")
			.containsEntry("items", Json.object(first.body()).get("items"));
		assertThat(ordersWithKey(aliceSub, key)).isEqualTo(1);
		assertThat(paymentsFor(id)).containsExactly(List.of(aliceSub, "64.90", "AUTHORIZED"));
		assertThat(paymentServiceRequests()).isEqualTo(paymentCalls + 1);
	}

	@Test
	void placeWhenIdempotencyKeyReusedWithAnotherBodyThenUnprocessableAndNothingNew() {
		String key = "retry-" + UUID.randomUUID();
		String id = (String) Json
			.object(this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key), TWO_MUGS_AND_A_BOOK).body())
			.get("orderId");
		Map<String, Object> before = stored(id);
		double paymentCalls = paymentServiceRequests();

		List<HttpResponse<String>> refused = List.of(
				this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
						TWO_MUGS_AND_A_BOOK.replace("\"quantity\":2", "\"quantity\":3")),
				// The same lines in another order are another request.
				this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
						"{\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1},{\"sku\":\"MUG-001\",\"quantity\":2}]}"));

		for (HttpResponse<String> response : refused) {
			assertThat(response.statusCode()).isEqualTo(422);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).doesNotContain(id);
		}
		assertThat(ordersWithKey(aliceSub, key)).isEqualTo(1);
		assertThat(stored(id)).isEqualTo(before);
		assertThat(paymentServiceRequests()).isEqualTo(paymentCalls);
	}

	/**
	 * Eight requests with one key, all in flight at once: the test holds a lock that
	 * stops inserts into {@code orders} until all eight have looked the key up, found
	 * nothing and wait to insert (seen in {@code pg_locks}), then lets them go. One
	 * insert wins; the seven others meet the unique index and answer its order.
	 */
	@Test
	void placeWhenConcurrentRequestsWithOneKeyThenOneOrderAndOnePayment() throws Exception {
		String key = "retry-" + UUID.randomUUID();
		int clients = 8;
		double paymentCalls = paymentServiceRequests();
		List<HttpResponse<String>> responses = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(clients);
				Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE orders IN SHARE MODE");
			}
			List<Future<HttpResponse<String>>> sent = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				sent.add(executor.submit(() -> this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
						TWO_MUGS_AND_A_BOOK)));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject(
						"SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND NOT granted",
						Long.class) == clients);
			lock.commit();
			for (Future<HttpResponse<String>> response : sent) {
				responses.add(response.get(30, TimeUnit.SECONDS));
			}
		}

		assertThat(responses)
			.allSatisfy((response) -> assertThat(response.statusCode()).as(response.body()).isIn(201, 202));
		assertThat(responses.stream().map((response) -> Json.object(response.body()).get("orderId")).distinct())
			.hasSize(1);
		assertThat(responses.stream().map((response) -> response.headers().firstValue("Idempotent-Replayed")))
			.containsOnly(Optional.of("false"), Optional.of("true"))
			.filteredOn(Optional.of("false")::equals)
			.hasSize(1);
		assertThat(ordersWithKey(aliceSub, key)).isEqualTo(1);
		String id = (String) Json.object(responses.get(0).body()).get("orderId");
		assertThat(paymentsFor(id)).containsExactly(List.of(aliceSub, "64.90", "AUTHORIZED"));
		assertThat(paymentServiceRequests()).isEqualTo(paymentCalls + 1);
	}

	@Test
	void placeWhenTwoUsersSendOneKeyThenEachGetsAnOrderOfTheirOwn() {
		String key = "shared-" + UUID.randomUUID();

		HttpResponse<String> byAlice = this.api.post("/api/orders", alice, Map.of("Idempotency-Key", key),
				TWO_MUGS_AND_A_BOOK);
		HttpResponse<String> byBob = this.api.post("/api/orders", bob, Map.of("Idempotency-Key", key),
				TWO_MUGS_AND_A_BOOK);

		assertThat(byAlice.statusCode()).isEqualTo(201);
		assertThat(byBob.statusCode()).isEqualTo(201);
		assertThat(byBob.headers().firstValue("Idempotent-Replayed")).hasValue("false");
		String alicesOrder = (String) Json.object(byAlice.body()).get("orderId");
		String bobsOrder = (String) Json.object(byBob.body()).get("orderId");
		assertThat(bobsOrder).isNotEqualTo(alicesOrder);
		assertThat(stored(alicesOrder)).containsEntry("owner_sub", aliceSub);
		assertThat(this.api.get("/api/orders/" + alicesOrder, bob).statusCode()).isEqualTo(404);
	}

	@Test
	void placeWhenNoIdempotencyKeyThenEveryRequestPlacesAnOrder() {
		String first = placed(alice, TWO_MUGS_AND_A_BOOK);
		String second = placed(alice, TWO_MUGS_AND_A_BOOK);

		assertThat(second).isNotEqualTo(first);
		assertThat(paymentsFor(first)).hasSize(1);
		assertThat(paymentsFor(second)).hasSize(1);
	}

	@Test
	void placeWhenBodyCarriesTotalStatusOrOwnerThenNoneIsStored() throws Exception {
		String body = "{\"owner\":\"bob\",\"ownerSub\":\"bob\",\"owner_sub\":\"bob\",\"total\":0.01,"
				+ "\"status\":\"CONFIRMED\",\"items\":[{\"sku\":\"KEY-001\",\"quantity\":100,\"unitPrice\":0.01}]}";

		String id = placed(alice, body);

		Map<String, Object> stored = stored(id);
		assertThat(stored).containsEntry("owner_sub", aliceSub);
		assertThat((BigDecimal) stored.get("total")).isEqualByComparingTo("4900.00");
		// 4900.00 is above payment-service's limit: declined, whatever the body claimed.
		assertThat(stored).containsEntry("status", "PAYMENT_FAILED");
		assertThat(this.jdbc.queryForObject("SELECT unit_price FROM order_items i JOIN orders o ON o.id = i.order_id "
				+ "WHERE o.public_id = ?::uuid", BigDecimal.class, id))
			.isEqualByComparingTo("49.00");
	}

	@Test
	void adminAllWhenAdminScopeThenEveryonesOrdersAndAuditedElseForbidden() {
		String id = placed(alice, TWO_MUGS_AND_A_BOOK);
		double reads = AuditCounts.of(this.meters, "list-all", "success", "none");

		assertThat(this.api.get("/api/orders/admin/all", alice).statusCode()).isEqualTo(403);
		HttpResponse<String> all = this.api.get("/api/orders/admin/all?size=100", admin);
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(all.body()).contains(id);
		assertThat(AuditCounts.of(this.meters, "list-all", "success", "none")).isEqualTo(reads + 1);
	}

	@Test
	void placeWhenProductUnknownThenBadRequestAndNothingStored() {
		long before = this.jdbc.queryForObject("SELECT count(*) FROM orders", Long.class);

		HttpResponse<String> response = this.api.post("/api/orders", alice,
				"{\"items\":[{\"sku\":\"NOPE-001\",\"quantity\":1}]}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(before);
	}

	@Test
	void placeWhenOrderPaidThenNoTokenInAnyLogLine(CapturedOutput output) throws Exception {
		String token = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();

		placed(token, TWO_MUGS_AND_A_BOOK);

		String signature = token.substring(token.lastIndexOf('.') + 1);
		assertThat(output.getAll()).doesNotContain(signature);
		assertThat(Files.readString(PaymentServiceProcess.get().log())).doesNotContain(signature);
	}

	@Test
	void requestWhenTokenRefusedThenUnauthorizedAndNothingStored() throws Exception {
		RefusedTokens refused = new RefusedTokens(keycloak);
		// The control: the kind of token that will expire, still fresh, is authenticated
		// (and then lacks the USER role), so its later 401 comes from its expiry alone.
		assertThat(this.api.post("/api/orders", refused.shortLived(), TWO_MUGS_AND_A_BOOK).statusCode()).isEqualTo(403);
		Map<String, String> tokens = Map.of("ID token", refused.idToken(DemoUser.ALICE), "refresh token",
				refused.refreshToken(DemoUser.ALICE), "other audience", refused.otherAudience(), "forged signature",
				refused.forgedSignature(DemoUser.ALICE), "expired", refused.expired(Duration.ofSeconds(1)));
		long before = this.jdbc.queryForObject("SELECT count(*) FROM orders", Long.class);

		tokens.forEach((kind, token) -> {
			HttpResponse<String> response = this.api.post("/api/orders", token, TWO_MUGS_AND_A_BOOK);
			assertThat(response.statusCode()).as(kind).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(kind)
				.hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(before);
	}

	@Test
	void catalogueWhenNoTokenThenProductsWithPrices() {
		HttpResponse<String> response = this.api.get("/api/public/products", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"sku\":\"MUG-001\"").contains("12.5");
		assertThat(this.api.get("/api/orders", null).statusCode()).isEqualTo(401);
		assertThat(ApiClient.asService(this.api::base, ServiceName.PAYMENT_SERVICE)
			.get("/api/public/products", null)
			.statusCode()).as("another service's certificate").isEqualTo(403);
	}

	private String placed(String token, String body) {
		HttpResponse<String> response = this.api.post("/api/orders", token, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return (String) Json.object(response.body()).get("orderId");
	}

	/** An order payment-service declines (over its authorization limit): deletable. */
	private String declined(String token) {
		HttpResponse<String> response = this.api.post("/api/orders", token,
				"{\"items\":[{\"sku\":\"HOODIE-001\",\"quantity\":20}]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> order = Json.object(response.body());
		assertThat(order).containsEntry("status", "PAYMENT_FAILED");
		return (String) order.get("orderId");
	}

	private double exchanges(String outcome) {
		var counter = this.meters.find("shop.token.exchange")
			.tag("audience", ShopRealm.PAYMENT_SERVICE_CLIENT)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** A token as order-service's resource server hands it on. */
	private static Jwt jwt(String token) throws Exception {
		JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject(claims.getSubject())
			.issuedAt(claims.getIssueTime().toInstant())
			.expiresAt(claims.getExpirationTime().toInstant())
			.build();
	}

	private long ordersWithKey(String ownerSub, String key) {
		return this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE owner_sub = ? AND client_key = ?",
				Long.class, ownerSub, key);
	}

	private Map<String, Object> stored(String id) {
		return this.jdbc.queryForMap(
				"SELECT owner_sub, status, total, currency, payment_key, updated_at FROM orders WHERE public_id = ?::uuid",
				id);
	}

	private long count(String id) {
		return this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE public_id = ?::uuid", Long.class, id);
	}

	private static double paymentServiceConnections() {
		return Prometheus.sum(PaymentServiceProcess.get().process().managementUrl(),
				"shop_tls_inbound_connections_total", "caller=\"order-service\"");
	}

	private static double paymentServiceRequests() {
		return Prometheus.sum(PaymentServiceProcess.get().process().managementUrl(),
				"http_server_requests_seconds_count", "uri=\"/internal/payments\"");
	}

	private static List<List<String>> paymentsFor(String orderId) {
		return Containers.rows(PaymentServiceProcess.get().database(),
				"SELECT owner_sub, amount::text, status FROM payments WHERE order_id = ?::uuid", orderId);
	}

	private long paymentAttempts(String status) {
		var timer = this.meters.find("shop.order.payment").tag("shop.order.status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
