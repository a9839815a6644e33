package com.example.shop.orderservice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
 * A payment-service that hangs, then one that is stopped: the order is stored
 * {@code PENDING_PAYMENT}, the API answers 202 within the bounded timeouts, nothing is
 * lost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(PostgresTestConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaymentUnavailableIntegrationTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	private static final AtomicInteger calls = new AtomicInteger();

	private static final HttpsServer hangingPaymentService = hangingServer();

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcTemplate jdbc;

	private final ApiClient api = ApiClient.localTlsServer(() -> this.environment, ServiceName.ORDER_SERVICE,
			ServiceName.GATEWAY);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ShopKeycloak.get().registerProperties(registry);
		TestPki.get().registerTlsDirectory(registry, ServiceName.ORDER_SERVICE);
		registry.add("shop.payment-service.url",
				() -> "https://payment-service:" + hangingPaymentService.getAddress().getPort());
	}

	@AfterAll
	static void stopServer() {
		hangingPaymentService.stop(0);
	}

	@Test
	@Order(1)
	void placeWhenPaymentServiceHangsThenAcceptedWithinTheTimeoutAndPending() {
		Instant start = Instant.now();

		HttpResponse<String> response = place();

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(calls.get()).as("payment-service was called").isEqualTo(1);
		assertPendingAndStored(response);
	}

	@Test
	@Order(2)
	void placeWhenPaymentServiceStoppedThenAcceptedAndPending() {
		hangingPaymentService.stop(0);

		assertPendingAndStored(place());
	}

	private HttpResponse<String> place() {
		return this.api.post("/api/orders",
				ShopKeycloak.get().tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken(), ORDER);
	}

	private void assertPendingAndStored(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(202);
		String id = (String) Json.object(response.body()).get("orderId");
		assertThat(Json.object(response.body())).containsEntry("status", "PENDING_PAYMENT");
		assertThat(this.jdbc.queryForObject("SELECT status FROM orders WHERE public_id = ?::uuid", String.class, id))
			.isEqualTo("PENDING_PAYMENT");
	}

	/**
	 * A payment-service that completes the mutual-TLS handshake with the platform's
	 * certificate, takes the request and never answers.
	 */
	private static HttpsServer hangingServer() {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server
				.setHttpsConfigurator(new HttpsConfigurator(TestPki.get().clientContext(ServiceName.PAYMENT_SERVICE)) {

					@Override
					public void configure(HttpsParameters parameters) {
						SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
						ssl.setNeedClientAuth(true);
						parameters.setSSLParameters(ssl);
					}

				});
			server.createContext("/", (exchange) -> {
				calls.incrementAndGet();
				try {
					Thread.sleep(Duration.ofSeconds(30));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				exchange.close();
			});
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
