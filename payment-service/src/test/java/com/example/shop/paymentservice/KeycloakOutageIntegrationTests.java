package com.example.shop.paymentservice;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service started while Keycloak does not answer (no keys cached): a valid token gets
 * 503 with {@code Retry-After} and a problem body (not 401, not Spring's 500), a
 * malformed one still 401; once Keycloak answers, the same token is served within
 * seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "shop.security.jwt.jwks.retry-after-failure=1s")
@Import(PostgresTestConfiguration.class)
// A fresh context: its key cache is cold.
@DirtiesContext
class KeycloakOutageIntegrationTests {

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	private final ApiClient api = ApiClient.localTlsServer(() -> this.environment, ServiceName.PAYMENT_SERVICE,
			ServiceName.GATEWAY);

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		keycloak.registerProperties(registry);
		TestPki.get().registerTlsDirectory(registry, ServiceName.PAYMENT_SERVICE);
	}

	@Test
	void apiWhenKeycloakPausedWithCacheColdThenUnavailableAndServedAgainAfterResume() throws Exception {
		String alice = keycloak.tokenFor(DemoUser.ALICE, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		keycloak.pause();
		try {
			HttpResponse<String> response = this.api.get("/api/payments", alice);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
			assertThat(this.api.get("/api/payments", "not-a-jwt").statusCode()).isEqualTo(401);
		}
		finally {
			keycloak.resume();
		}
		long resumed = System.nanoTime();
		int status;
		do {
			status = this.api.get("/api/payments", alice).statusCode();
			if (status != 200) {
				Thread.sleep(100);
			}
		}
		while (status != 200 && System.nanoTime() - resumed < Duration.ofSeconds(30).toNanos());

		System.out.printf("[keycloak-outage] payment-service: first 200 %d ms after resume%n",
				Duration.ofNanos(System.nanoTime() - resumed).toMillis());
		assertThat(status).isEqualTo(200);
	}

}
