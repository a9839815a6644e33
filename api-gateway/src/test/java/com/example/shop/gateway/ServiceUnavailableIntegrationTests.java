package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
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
 * A service that does not answer (nothing listens on its port) becomes a 503 with a
 * problem-details body through the route's circuit breaker, quickly, and the fallback is
 * not a path clients can call themselves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(RedisTestConfiguration.class)
class ServiceUnavailableIntegrationTests {

	@Autowired
	private Environment environment;

	private final ApiClient gateway = ApiClient.localServer(() -> this.environment);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// Port 9 (discard) on loopback: nothing listens, every connection is refused.
		GatewayTestProperties.register(registry, () -> "http://127.0.0.1:9", () -> "http://127.0.0.1:9");
	}

	@Test
	void requestWhenServiceUnreachableThenServiceUnavailableProblem() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		Instant start = Instant.now();

		HttpResponse<String> response = this.gateway.get("/api/orders", token);

		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":503");
	}

	@Test
	void fallbackWhenCalledDirectlyThenNotFound() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

		assertThat(this.gateway.get("/fallback/unavailable", token).statusCode()).isEqualTo(404);
	}

}
