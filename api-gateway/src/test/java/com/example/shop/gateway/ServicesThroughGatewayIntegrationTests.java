package com.example.shop.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.shop.testsupport.containers.Containers;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.pki.TlsProbe;
import com.example.shop.testsupport.platform.ServiceName;
import com.example.shop.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway in front of the real order-service and payment-service (each its own
 * process with its own PostgreSQL): API clients with bearer tokens and a browser with
 * only its session cookie reach them, and the services see who is calling.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "server.port=" + BrowserLoginIntegrationTests.PORT, "management.server.port=0" })
@Import({ RedisTestConfiguration.class, ServiceNamesResolution.class })
@DirtiesContext
class ServicesThroughGatewayIntegrationTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2}]}";

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	private static final PostgreSQLContainer paymentDatabase = database("payments", "payment_service");

	private static final PostgreSQLContainer orderDatabase = database("orders", "order_service");

	private static ServiceProcess paymentService;

	private static ServiceProcess orderService;

	private final URI gateway = URI.create(ShopRealm.GATEWAY_PUBLIC_URL);

	private final ApiClient api = new ApiClient(() -> this.gateway);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, () -> services()[0].url().toString(),
				() -> services()[1].url().toString());
		registry.add("GATEWAY_CLIENT_SECRET", () -> keycloak.clientSecret(ShopRealm.GATEWAY_CLIENT));
	}

	@AfterAll
	static void stopServices() {
		orderService.stop();
		paymentService.stop();
		orderDatabase.stop();
		paymentDatabase.stop();
	}

	@Test
	void bearerTokenWhenOrderPlacedThroughTheGatewayThenTheServicesAnswerForThatUserOnly() throws Exception {
		String alice = keycloak.login(DemoUser.ALICE).accessToken();
		String bob = keycloak.login(DemoUser.BOB).accessToken();

		HttpResponse<String> placed = this.api.post("/api/orders", alice, ORDER);

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		Map<String, Object> order = Json.object(placed.body());
		assertThat(order).containsEntry("status", "CONFIRMED");
		String id = (String) order.get("orderId");
		assertThat(this.api.get("/api/orders/" + id, alice).statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/orders/" + id, bob).statusCode()).isEqualTo(404);
		assertThat(this.api.get("/api/payments", alice).body()).contains(id);
		assertThat(this.api.get("/api/payments", bob).body()).doesNotContain(id);
		assertThat(this.api.get("/api/public/products", null).body()).contains("MUG-001");
		// Every hop was mutual TLS: payment-service recorded the user the token named,
		// the
		// service the certificate named, and the client the token was issued to:
		// order-service, whose exchange gave it.
		assertThat(paymentOf(id))
			.containsEntry("owner_sub",
					keycloak.login(DemoUser.ALICE).parsedAccessToken().getJWTClaimsSet().getSubject())
			.containsEntry("caller_service", ServiceName.ORDER_SERVICE)
			.containsEntry("token_client", ShopRealm.ORDER_SERVICE_CLIENT);
	}

	@Test
	void servicesWhenCalledWithoutTheGatewaysCertificateThenRefused() throws Exception {
		String alice = keycloak.login(DemoUser.ALICE).accessToken();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TlsProbe.statusLine(services()[0].url(),
				TestPki.clientContext(null, TestPki.get().ca().certificate()), "/api/orders"));
		assertThat(ApiClient.asService(() -> services()[1].url(), ServiceName.ORDER_SERVICE)
			.get("/api/payments", alice)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void browserWhenLoggedInThenPlacesAndListsOrdersWithTheSessionCookieOnly() {
		Browser browser = GatewayLogin.logIn(this.gateway, DemoUser.ALICE).browser();
		// A first page load gives the browser its CSRF cookie, as an application's first
		// GET would.
		assertThat(browser.get(this.gateway.resolve("/api/orders")).statusCode()).isEqualTo(200);
		String csrf = browser.cookie(this.gateway, "XSRF-TOKEN");

		HttpResponse<String> placed = browser.postJson(this.gateway.resolve("/api/orders"), ORDER,
				Map.of("X-XSRF-TOKEN", csrf));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String id = (String) Json.object(placed.body()).get("orderId");

		assertThat(browser.get(this.gateway.resolve("/api/orders")).body()).contains(id);
		String bob = keycloak.login(DemoUser.BOB).accessToken();
		assertThat(this.api.get("/api/orders/" + id, bob).statusCode()).isEqualTo(404);
	}

	@Test
	void apiDocumentsWhenReadThroughTheGatewayThenEachServicesPublicApiOnly() {
		String alice = keycloak.login(DemoUser.ALICE).accessToken();

		HttpResponse<String> orders = this.api.get("/api-docs/orders", alice);
		HttpResponse<String> payments = this.api.get("/api-docs/payments", alice);

		assertThat(orders.statusCode()).as(orders.body()).isEqualTo(200);
		assertThat(payments.statusCode()).as(payments.body()).isEqualTo(200);
		Set<Object> orderPaths = Set.copyOf(((Map<?, ?>) Json.object(orders.body()).get("paths")).keySet());
		Set<Object> paymentPaths = Set.copyOf(((Map<?, ?>) Json.object(payments.body()).get("paths")).keySet());
		assertThat(Json.object(orders.body())).containsEntry("openapi", "3.1.0");
		assertThat(orderPaths).contains("/api/orders", "/api/orders/{id}", "/api/public/products")
			.allSatisfy((path) -> assertThat(path.toString()).startsWith("/api/"));
		// The API page and Swagger UI's files, at version-free paths, for a logged-in
		// user.
		for (String file : List.of("/api-docs.html", "/api-docs.js", "/webjars/swagger-ui/swagger-ui-bundle.js",
				"/webjars/swagger-ui/swagger-ui-standalone-preset.js", "/webjars/swagger-ui/swagger-ui.css")) {
			assertThat(this.api.get(file, alice).statusCode()).as(file).isEqualTo(200);
		}
		assertThat(paymentPaths).contains("/api/payments", "/api/payments/{id}/refund")
			.allSatisfy((path) -> assertThat(path.toString()).startsWith("/api/"));
	}

	@Test
	void apiDocumentsWhenNoTokenOrAnotherPathThenRefusedAndNoServicePathIsReachable() throws Exception {
		String alice = keycloak.login(DemoUser.ALICE).accessToken();

		assertThat(this.api.get("/api-docs/orders", null).statusCode()).isEqualTo(401);
		// Only the two documents are routed: the services' own paths are not.
		for (String path : List.of("/v3/api-docs", "/api-docs/orders/swagger-config", "/api-docs/orders.yaml",
				"/api-docs/internal")) {
			assertThat(this.api.get(path, alice).statusCode()).as(path).isEqualTo(404);
		}
		// The service answers its document to the gateway's certificate only.
		assertThat(ApiClient.asService(() -> services()[1].url(), ServiceName.ORDER_SERVICE)
			.get("/v3/api-docs", alice)
			.statusCode()).isEqualTo(403);
	}

	private static synchronized ServiceProcess[] services() {
		if (orderService == null) {
			paymentService = ServiceProcess.start("payment-service", ServiceProcess.jarOf("payment-service"),
					with(keycloak.serviceEnvironment(),
							Map.of("PAYMENT_DB_URL", paymentDatabase.getJdbcUrl(), "PAYMENT_DB_USERNAME",
									paymentDatabase.getUsername(), "PAYMENT_DB_PASSWORD",
									paymentDatabase.getPassword())));
			orderService = ServiceProcess.start("order-service", ServiceProcess.jarOf("order-service"),
					with(keycloak.serviceEnvironment(),
							Map.of("ORDER_DB_URL", orderDatabase.getJdbcUrl(), "ORDER_DB_USERNAME",
									orderDatabase.getUsername(), "ORDER_DB_PASSWORD", orderDatabase.getPassword(),
									"PAYMENT_SERVICE_URL", paymentService.url().toString())));
		}
		return new ServiceProcess[] { orderService, paymentService };
	}

	private static Map<String, Object> paymentOf(String orderId) {
		List<List<String>> rows = Containers.rows(paymentDatabase,
				"SELECT owner_sub, caller_service, token_client FROM payments WHERE order_id = ?::uuid", orderId);
		assertThat(rows).as("exactly one payment for " + orderId).hasSize(1);
		List<String> row = rows.getFirst();
		return Map.of("owner_sub", row.get(0), "caller_service", row.get(1), "token_client", row.get(2));
	}

	private static Map<String, String> with(Map<String, String> first, Map<String, String> second) {
		Map<String, String> all = new HashMap<>(first);
		all.putAll(second);
		return all;
	}

	private static PostgreSQLContainer database(String name, String user) {
		PostgreSQLContainer database = Containers.postgres()
			.withDatabaseName(name)
			.withUsername(user)
			.withPassword(user + "-test-password");
		database.start();
		return database;
	}

}
