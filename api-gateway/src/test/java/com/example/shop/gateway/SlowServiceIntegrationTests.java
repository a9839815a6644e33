package com.example.shop.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow service is waited for, however many requests wait at once: the route's circuit
 * breaker sheds nothing by itself. (Spring Cloud CircuitBreaker adds a Resilience4j
 * bulkhead to every breaker when the bulkhead library is present, 25 calls at once by
 * default, and the 26th became a 503; the gateway turns it off, and concurrency is
 * bounded by the HTTP client's pool and the per-user rate limits instead.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(RedisTestConfiguration.class)
class SlowServiceIntegrationTests {

	private static final Duration SLOW = Duration.ofMillis(1500);

	private static final int AT_ONCE = 40;

	private static final AtomicInteger busiest = new AtomicInteger();

	private static final AtomicInteger busy = new AtomicInteger();

	private static HttpServer service;

	@Autowired
	private Environment environment;

	private final ApiClient gateway = ApiClient.localServer(() -> this.environment);

	@BeforeAll
	static void slowService() throws IOException {
		service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		service.setExecutor(Executors.newFixedThreadPool(AT_ONCE + 10));
		service.createContext("/", (exchange) -> {
			busiest.accumulateAndGet(busy.incrementAndGet(), Math::max);
			try {
				Thread.sleep(SLOW);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			busy.decrementAndGet();
			byte[] body = "{\"content\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		service.start();
	}

	@AfterAll
	static void stopService() {
		service.stop(0);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		String uri = "http://127.0.0.1:" + service.getAddress().getPort();
		GatewayTestProperties.register(registry, () -> uri, () -> uri);
		// One user's requests at once: the limit is not what this test is about.
		registry.add("shop.rate-limit.orders.burst-capacity", () -> AT_ONCE * 10);
	}

	@Test
	void requestsWhenManyWaitForASlowServiceAtOnceThenAllAnswered() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

		List<Integer> statuses;
		try (ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE)) {
			List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, AT_ONCE)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> this.gateway.get("/api/orders", token), clients))
				.toList();
			statuses = answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
		}

		assertThat(statuses).hasSize(AT_ONCE).containsOnly(200);
		assertThat(busiest.get()).as("requests the service held at once").isGreaterThan(25);
	}

}
