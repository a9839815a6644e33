package com.example.shop.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.Pkce;
import com.example.shop.testsupport.keycloak.Randoms;
import com.example.shop.testsupport.keycloak.RealmLogin;
import com.example.shop.testsupport.keycloak.RefusedTokens;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.StructuredLogs;
import com.sun.net.httpserver.Headers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with real Keycloak tokens in front of recording stand-ins of the services:
 * what it forwards, and what it refuses before any service sees a request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "shop.security.jwt.clock-skew=1s",
				"shop.gateway.admin-allowed-cidrs=203.0.113.0/24", "management.tracing.sampling.probability=0",
				// Forwarding is tested here, not the limits: one user sends bursts.
				"shop.rate-limit.orders.burst-capacity=200", "logging.config=classpath:logback-structured-test.xml" })
@Import(RedisTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class ApiGatewayIntegrationTests {

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	@RegisterExtension
	static final RecordingService orderService = RecordingService.started("order-service");

	@RegisterExtension
	static final RecordingService paymentService = RecordingService.started("payment-service");

	@Autowired
	private Environment environment;

	@Autowired
	private MeterRegistry meters;

	private final ApiClient gateway = ApiClient.localServer(() -> this.environment);

	/** W3C trace context: version, trace id, parent span id, flags. */
	private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, () -> orderService.uri().toString(),
				() -> paymentService.uri().toString());
	}

	@Test
	void requestWhenBearerTokenThenEachServiceGetsATokenMeantForItAloneAndTheAnswerComesBack() throws Exception {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		JWTClaimsSet user = SignedJWT.parse(token).getJWTClaimsSet();
		assertThat(user.getAudience()).containsExactly(ShopRealm.GATEWAY_CLIENT);

		HttpResponse<String> orders = this.gateway.get("/api/orders", token);
		HttpResponse<String> payments = this.gateway.get("/api/payments/p-1", token);

		assertThat(orders.statusCode()).isEqualTo(200);
		assertThat(orders.body()).isEqualTo("{\"service\":\"order-service\"}");
		assertThat(payments.body()).isEqualTo("{\"service\":\"payment-service\"}");
		// What each service received, decoded: alice's token exchanged for that service
		// alone, with that service's scopes only; alice's own token went nowhere.
		JWTClaimsSet forOrders = relayed(orderService, "/api/orders");
		JWTClaimsSet forPayments = relayed(paymentService, "/api/payments/p-1");
		assertThat(forOrders.getAudience()).containsExactly(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(forPayments.getAudience()).containsExactly(ShopRealm.PAYMENT_SERVICE_CLIENT);
		for (JWTClaimsSet relayed : List.of(forOrders, forPayments)) {
			assertThat(relayed.getSubject()).isEqualTo(user.getSubject());
			assertThat(relayed.getStringClaim("azp")).isEqualTo(ShopRealm.GATEWAY_CLIENT);
			assertThat(relayed.getIssuer()).isEqualTo(user.getIssuer());
			assertThat(relayed.getClaim("email")).as("no profile data downstream").isNull();
		}
		assertThat(forOrders.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("orders:read",
				"orders:write");
		assertThat(forPayments.getStringClaim("scope").split(" ")).containsExactly("payments:read");
		assertThat(orderService.received())
			.noneMatch((received) -> ("Bearer " + token).equals(received.authorization()));
		assertThat(paymentService.received())
			.noneMatch((received) -> ("Bearer " + token).equals(received.authorization()));
	}

	@Test
	void requestWhenTokenOfTheCommandLineClientThenExchangedLikeAnyOther() throws Exception {
		// The README's curl examples: a token of the public client shop-cli (aud
		// gateway).
		RealmLogin cli = new RealmLogin(keycloak.issuer(), (clientId) -> null);
		String token = cli
			.login(DemoUser.ALICE,
					new AuthorizationRequest("shop-cli", "http://127.0.0.1:8765/callback", "openid",
							Randoms.urlSafe(16), Randoms.urlSafe(16), Pkce.generate(), "S256"))
			.accessToken();
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly(ShopRealm.GATEWAY_CLIENT);

		assertThat(this.gateway.get("/api/orders/from-cli", token).statusCode()).isEqualTo(200);

		JWTClaimsSet relayed = relayed(orderService, "/api/orders/from-cli");
		assertThat(relayed.getAudience()).containsExactly(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(relayed.getStringClaim("azp")).isEqualTo(ShopRealm.GATEWAY_CLIENT);
		assertThat(relayed.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("orders:read", "orders:write");
	}

	@Test
	void requestWhenAdminThenTheAdminScopeTravelsToBothServices() throws Exception {
		String token = keycloak.login(DemoUser.ADMIN).accessToken();

		this.gateway.get("/api/orders/admin-scope", token);
		this.gateway.get("/api/payments/admin-scope", token);

		assertThat(relayed(orderService, "/api/orders/admin-scope").getStringClaim("scope").split(" "))
			.containsExactlyInAnyOrder("orders:read", "orders:write", "admin:read");
		assertThat(relayed(paymentService, "/api/payments/admin-scope").getStringClaim("scope").split(" "))
			.containsExactlyInAnyOrder("payments:read", "admin:read");
	}

	@Test
	void requestWhenOneTokenCallsAServiceTwentyTimesThenOneExchangeAtKeycloak() {
		String token = keycloak.login(DemoUser.BOB).accessToken();
		double exchanged = exchanges("order-service", "exchanged");
		double cached = exchanges("order-service", "cached");

		for (int i = 0; i < 20; i++) {
			assertThat(this.gateway.get("/api/orders", token).statusCode()).isEqualTo(200);
		}

		double calls = exchanges("order-service", "exchanged") - exchanged;
		double hits = exchanges("order-service", "cached") - cached;
		System.out.printf("[token-exchange] gateway: 20 requests with one user token to one service: "
				+ "%.0f exchange(s) at Keycloak, %.0f from the cache%n", calls, hits);
		assertThat(calls).isEqualTo(1);
		assertThat(hits).isEqualTo(19);
		List<RecordingService.Received> received = orderService.received();
		assertThat(received.subList(received.size() - 20, received.size())
			.stream()
			.map(RecordingService.Received::authorization)
			.distinct()).as("one exchanged token, reused").hasSize(1);
	}

	/**
	 * What an exchange adds to a request: ten new user tokens, each sent twice; the first
	 * request of each waits for Keycloak's exchange, the second finds the token kept.
	 * Printed as medians and their ratio, measured here in the same run (no timing is
	 * asserted).
	 */
	@Test
	void requestWhenTokenNewThenOneExchangeAndTheNextRequestFromTheCache() {
		double exchanged = exchanges("order-service", "exchanged");
		double cached = exchanges("order-service", "cached");
		List<Long> withExchange = new ArrayList<>();
		List<Long> fromCache = new ArrayList<>();

		for (int i = 0; i < 10; i++) {
			String token = keycloak.login(DemoUser.ALICE).accessToken();
			long start = System.nanoTime();
			assertThat(this.gateway.get("/api/orders", token).statusCode()).isEqualTo(200);
			long middle = System.nanoTime();
			assertThat(this.gateway.get("/api/orders", token).statusCode()).isEqualTo(200);
			long end = System.nanoTime();
			withExchange.add(middle - start);
			fromCache.add(end - middle);
		}

		double first = median(withExchange) / 1e6;
		double second = median(fromCache) / 1e6;
		System.out.printf("[token-exchange] gateway request, median of 10: with the exchange %.1f ms, with the "
				+ "exchanged token kept %.1f ms (%.1fx)%n", first, second, first / second);
		assertThat(exchanges("order-service", "exchanged") - exchanged).isEqualTo(10);
		assertThat(exchanges("order-service", "cached") - cached).isEqualTo(10);
	}

	@Test
	void requestWhenTheUsersSessionEndedAtKeycloakThenUnauthorizedAndNothingRouted() {
		String token = keycloak.login(DemoUser.BOB).accessToken();
		keycloak.admin().logOut(DemoUser.BOB.username());
		int before = orderService.received().size();

		HttpResponse<String> response = this.gateway.get("/api/orders", token);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
		assertThat(orderService.received()).hasSize(before);
		assertThat(exchanges("order-service", "refused")).isPositive();
	}

	@Test
	void requestWhenNoTraceContextThenTheGatewayStartsOneTracePerRequestAndForwardsIt() {
		String token = keycloak.login(DemoUser.ALICE).accessToken();

		this.gateway.get("/api/orders/trace-a", token);
		this.gateway.get("/api/orders/trace-b", token);

		String first = orderService.headersOf("/api/orders/trace-a").getFirst("traceparent");
		String second = orderService.headersOf("/api/orders/trace-b").getFirst("traceparent");
		assertThat(first).matches(TRACEPARENT);
		assertThat(second).matches(TRACEPARENT);
		assertThat(traceId(first)).isNotEqualTo(traceId(second));
	}

	@Test
	void requestWhenClientSendsTraceContextThenDroppedAndOnlyTheGatewaysOwnForwarded() {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		String chosen = "4bf92f3577b34da6a3ce929d0e0e4736";
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + token);
		// Sampled (01), as a client flooding the tracing backend would say.
		headers.put("TraceParent", "00-" + chosen + "-00f067aa0ba902b7-01");
		headers.put("tracestate", "shop=chosen");
		headers.put("baggage", "user.role=admin");
		headers.put("b3", chosen + "-00f067aa0ba902b7-1");
		headers.put("X-B3-TraceId", chosen);
		headers.put("X-B3-SpanId", "00f067aa0ba902b7");
		headers.put("X-B3-Sampled", "1");

		HttpResponse<String> answer = this.gateway.send("GET", "/api/orders/trace-chosen", headers, null);

		assertThat(answer.statusCode()).isEqualTo(200);
		Headers forwarded = orderService.headersOf("/api/orders/trace-chosen");
		String traceparent = forwarded.getFirst("traceparent");
		assertThat(traceparent).matches(TRACEPARENT).doesNotContain(chosen);
		// This class samples nothing: the client's flag did not make the request sampled.
		assertThat(traceparent).endsWith("-00");
		assertThat(forwarded.get("traceparent")).hasSize(1);
		assertThat(List.of("tracestate", "baggage", "b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-Sampled"))
			.noneMatch(forwarded::containsKey);
	}

	@Test
	void requestWhenAnsweredOrRefusedThenOneAccessLogLineWithTheForwardedTraceAndNoTokenOrQuery(CapturedOutput output)
			throws Exception {
		var tokens = keycloak.login(DemoUser.ALICE);
		String token = tokens.accessToken();
		String sub = tokens.parsedAccessToken().getJWTClaimsSet().getSubject();

		this.gateway.get("/api/orders/access-logged?page=private-query-value", token);
		HttpResponse<String> refused = this.gateway.get("/api/orders/access-refused", null);

		assertThat(refused.statusCode()).isEqualTo(401);
		String traceId = traceId(orderService.headersOf("/api/orders/access-logged").getFirst("traceparent"));
		// A line is written once the exchange completes, which may be just after the
		// client has the answer.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("GET /api/orders/access-refused 401")
					&& output.getOut().contains("GET /api/orders/access-logged 200"));
		List<Map<String, Object>> accessLog = StructuredLogs.withField(output.getOut(), "log.logger",
				"com.example.shop.gateway.access");
		assertThat(accessLog).filteredOn((line) -> "/api/orders/access-logged".equals(line.get("url.path")))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("service.name", "api-gateway")
				.containsEntry("http.request.method", "GET")
				.containsEntry("http.response.status_code", 200L)
				.containsEntry("client.ip", "127.0.0.1")
				.containsEntry("user.id", sub)
				.containsEntry("traceId", traceId)
				.containsKeys("spanId", "event.duration"));
		assertThat(accessLog).filteredOn((line) -> "/api/orders/access-refused".equals(line.get("url.path")))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("http.response.status_code", 401L)
				.doesNotContainKey("user.id")
				.containsKey("traceId"));
		assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
			.doesNotContain("private-query-value");
	}

	@Test
	void requestWhenTokenRefusedThenAnAuditEventWithTheReasonAndNothingRouted(CapturedOutput output) {
		RefusedTokens refused = new RefusedTokens(keycloak);
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("wrong-audience", refused.otherAudience());
		tokens.put("bad-signature", refused.forgedSignature(DemoUser.ALICE));
		tokens.put("unknown-key", refused.unknownKeyId(DemoUser.ALICE, "no-such-key"));
		tokens.put("missing", null);
		int routed = orderService.received().size();

		tokens.forEach((reason, token) -> {
			double before = auditEvents("token-check", reason);
			assertThat(this.gateway.get("/api/orders/audited-" + reason, token).statusCode()).as(reason).isEqualTo(401);
			assertThat(auditEvents("token-check", reason)).as(reason).isEqualTo(before + 1);
			assertThat(StructuredLogs.withField(output.getOut(), "url.path", "/api/orders/audited-" + reason))
				.filteredOn((line) -> "com.example.shop.audit".equals(line.get("log.logger")))
				.singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("event.action", "token-check")
					.containsEntry("event.outcome", "failure")
					.containsEntry("event.reason", reason)
					.containsEntry("log.level", "WARN")
					.containsEntry("client.ip", "127.0.0.1"));
		});

		assertThat(orderService.received()).hasSize(routed);
	}

	private double auditEvents(String action, String reason) {
		return AuditCounts.of(this.meters, action, "failure", reason);
	}

	private static String traceId(String traceparent) {
		return traceparent.split("-")[1];
	}

	@Test
	void requestWhenNoTokenThenUnauthorizedAndNothingRouted() {
		int before = orderService.received().size();

		HttpResponse<String> response = this.gateway.get("/api/orders", null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(orderService.received()).hasSize(before);
	}

	@Test
	void requestWhenTokenInvalidThenUnauthorizedAndNothingRouted() throws Exception {
		RefusedTokens refused = new RefusedTokens(keycloak);
		Map<String, String> tokens = Map.of("ID token", refused.idToken(DemoUser.ALICE), "refresh token",
				refused.refreshToken(DemoUser.ALICE), "other audience", refused.otherAudience(), "forged signature",
				refused.forgedSignature(DemoUser.ALICE), "not a JWT", "not-a-jwt");
		int before = orderService.received().size();

		tokens.forEach((kind, token) -> {
			HttpResponse<String> response = this.gateway.get("/api/orders", token);
			assertThat(response.statusCode()).as(kind).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(kind)
				.hasValue("Bearer error=\"invalid_token\"");
		});
		assertThat(orderService.received()).hasSize(before);
	}

	@Test
	void catalogueWhenNoTokenThenRouted() {
		HttpResponse<String> response = this.gateway.get("/api/public/products", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(orderService.received()).contains(new RecordingService.Received("/api/public/products", null, 0));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/internal/payments", "/actuator/health", "/actuator/env", "/actuator" })
	void requestWhenInternalOrActuatorPathThenNotFoundWhateverTheToken(String path) {
		String token = keycloak.login(DemoUser.ADMIN).accessToken();
		int before = orderService.received().size() + paymentService.received().size();

		assertThat(this.gateway.get(path, token).statusCode()).isEqualTo(404);
		assertThat(this.gateway.get(path, null).statusCode()).isEqualTo(404);
		assertThat(orderService.received().size() + paymentService.received().size()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/orders/..%2Finternal%2Fpayments", "/api/orders/%2e%2e/admin",
			"/api/orders/x%5c..%5cinternal", "/api/orders/x%00", "/api/orders;jsessionid=1", "/api//orders",
			"/api/orders/%252e%252e/internal", "/api/%6Frders", "/api/orders/", "/api/orders/./x", "/api/orders/x/..",
			"/%69nternal/payments", "/api/public/products%20" })
	void requestWhenPathTrickThenBadRequestAndNothingRouted(String path) {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		int before = orderService.received().size() + paymentService.received().size();

		HttpResponse<String> response = this.gateway.get(path, token);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(orderService.received().size() + paymentService.received().size()).isEqualTo(before);
	}

	@Test
	void bodyWhenDeclaredLengthOverTheLimitThenContentTooLargeAndNothingRouted() throws Exception {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		int before = orderService.received().size();

		HttpResponse<String> response = send(post(token, HttpRequest.BodyPublishers.ofByteArray(json(70 * 1024))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(orderService.received()).hasSize(before);
	}

	@Test
	void bodyWhenChunkedOverTheLimitThenContentTooLargeAndNothingRouted() throws Exception {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		int before = orderService.received().size();

		HttpResponse<String> response = send(post(token, chunked(json(70 * 1024))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(orderService.received()).hasSize(before);
	}

	@Test
	void bodyWhenChunkedUnderTheLimitThenRoutedWholeAndOnce() throws Exception {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		int before = orderService.received().size();

		HttpResponse<String> response = send(post(token, chunked(json(60 * 1024))));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(orderService.received()).hasSize(before + 1);
		assertThat(orderService.received().get(before).bodyLength()).isEqualTo(60 * 1024);
		assertThat(orderService.received().get(before).path()).isEqualTo("/api/orders");
	}

	@Test
	void headersWhenLargerThanTheLimitThenRefused() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri("/api/public/products"))
			.header("X-Padding", "a".repeat(20 * 1024))
			.GET());

		assertThat(response.statusCode()).isEqualTo(431);
	}

	@Test
	void corsWhenOriginNotAllowedThenNoAllowOriginHeader() throws Exception {
		HttpResponse<String> allowed = send(preflight("http://localhost:8080"));
		HttpResponse<String> evil = send(preflight("https://evil.example"));

		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
		assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(evil.statusCode()).isEqualTo(403);
		assertThat(evil.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void loginWhenNoPublicUrlThenRedirectUriFollowsTheRequestAndPlainHttpCookieNotSecure() throws Exception {
		URI base = this.gateway.base();
		HttpResponse<String> login = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(base.resolve("/oauth2/authorization/keycloak")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(URLDecoder.decode(login.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8))
			.contains("redirect_uri=" + base.resolve("/login/oauth2/code/keycloak"));
		assertThat(login.headers().allValues("Set-Cookie")).filteredOn((cookie) -> cookie.startsWith("SESSION="))
			.singleElement()
			.asString()
			.doesNotContain("Secure");
	}

	@Test
	void frontDoorWhenNoSessionThenPageSentToLoginAndWhoAmIUnauthorized() throws Exception {
		URI base = this.gateway.base();
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(base.resolve("/")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValue("/oauth2/authorization/keycloak");
		assertThat(this.gateway.get("/me", null).statusCode()).isEqualTo(401);
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		assertThat(Json.object(this.gateway.get("/me", token).body())).containsEntry("username", "alice")
			.containsEntry("session", false);
	}

	@Test
	void responsesCarrySecurityHeaders() {
		HttpResponse<String> response = this.gateway.get("/api/public/products", null);

		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		String keycloak = URI.create(ShopKeycloak.get().issuer()).resolve("/").toString().replaceAll("/$", "");
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
				+ "script-src 'self'; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; "
				+ "connect-src 'self'; img-src 'self' data:; form-action 'self' " + keycloak
				+ "; base-uri 'none'; frame-ancestors 'none'");
	}

	static List<AdminOperation> adminOperations() {
		return AdminOperation.all(UUID.randomUUID());
	}

	@ParameterizedTest
	@MethodSource("adminOperations")
	void adminOperationWhenClientAddressNotAllowedThenForbiddenInEveryWritingAndNothingRouted(AdminOperation operation)
			throws Exception {
		String admin = keycloak.login(DemoUser.ADMIN).accessToken();
		int before = orderService.received().size() + paymentService.received().size();

		HttpResponse<String> direct = send(admin(operation.method(), operation.path(), admin));
		HttpResponse<String> spoofed = send(
				admin(operation.method(), operation.path(), admin).header("X-Forwarded-For", "203.0.113.5")
					.header("Forwarded", "for=203.0.113.5")
					.header("X-Real-IP", "203.0.113.5"));
		Map<String, Integer> variants = new LinkedHashMap<>();
		for (String variant : operation.variants()) {
			variants.put(variant, send(admin(operation.method(), variant, admin)).statusCode());
		}

		assertThat(direct.statusCode()).isEqualTo(403);
		assertThat(direct.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(spoofed.statusCode()).isEqualTo(403);
		// Not canonical: refused before any rule reads the path.
		assertThat(variants).allSatisfy((variant, status) -> assertThat(status).as(variant).isEqualTo(400));
		assertThat(orderService.received().size() + paymentService.received().size()).isEqualTo(before);
		assertThat(this.gateway.get("/api/orders", admin).statusCode()).as("other paths unaffected").isEqualTo(200);
	}

	@Test
	void requestWhenAccessTokenInQueryThenBadRequestAndNothingRouted() throws Exception {
		String token = keycloak.login(DemoUser.ALICE).accessToken();
		int before = orderService.received().size();

		HttpResponse<String> both = send(HttpRequest.newBuilder(gatewayUri("/api/orders?access_token=" + token))
			.header("Authorization", "Bearer " + token));
		HttpResponse<String> queryOnly = send(HttpRequest.newBuilder(gatewayUri("/api/orders?access_token=" + token)));
		HttpResponse<String> encodedName = send(
				HttpRequest.newBuilder(gatewayUri("/api/public/products?access%5Ftoken=" + token)));

		assertThat(both.statusCode()).isEqualTo(400);
		assertThat(both.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(queryOnly.statusCode()).isEqualTo(400);
		assertThat(encodedName.statusCode()).isEqualTo(400);
		assertThat(orderService.received()).hasSize(before);
	}

	private HttpRequest.Builder admin(String method, String path, String token) {
		return HttpRequest.newBuilder(gatewayUri(path))
			.header("Authorization", "Bearer " + token)
			.method(method, HttpRequest.BodyPublishers.noBody());
	}

	@Test
	void managementPortServesHealthOnly() {
		ApiClient management = ApiClient.localManagement(() -> this.environment);

		assertThat(management.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		// Not exposed, and denied: an anonymous caller is asked to authenticate, which
		// it cannot.
		assertThat(management.get("/actuator/gateway/routes", null).statusCode()).isEqualTo(401);
	}

	private HttpRequest.Builder post(String token, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(gatewayUri("/api/orders"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(body);
	}

	private HttpRequest.Builder preflight(String origin) {
		return HttpRequest.newBuilder(gatewayUri("/api/orders"))
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody());
	}

	private URI gatewayUri(String path) {
		return URI.create("http://localhost:" + this.environment.getProperty("local.server.port") + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A body of unknown length: the client sends it chunked, without Content-Length. */
	private static HttpRequest.BodyPublisher chunked(byte[] body) {
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	private static byte[] json(int size) {
		String prefix = "{\"padding\":\"";
		return (prefix + "x".repeat(size - prefix.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static JWTClaimsSet relayed(RecordingService service, String path) throws Exception {
		String authorization = service.received()
			.stream()
			.filter((received) -> received.path().equals(path))
			.reduce((first, second) -> second)
			.orElseThrow()
			.authorization();
		assertThat(authorization).startsWith("Bearer ");
		return SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
	}

	private double exchanges(String audience, String outcome) {
		var counter = this.meters.find("shop.token.exchange")
			.tag("audience", audience)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
	}

}
