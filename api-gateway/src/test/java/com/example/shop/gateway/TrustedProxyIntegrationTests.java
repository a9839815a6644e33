package com.example.shop.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.example.shop.testsupport.DemoUser;
import com.example.shop.testsupport.RedisTestConfiguration;
import com.example.shop.testsupport.ShopKeycloak;
import org.junit.jupiter.api.AfterAll;
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
 * Behind a trusted proxy (here: the test itself, on 127.0.0.1), the client address is the
 * one the proxy adds to {@code X-Forwarded-For}, and the admin allow-list applies to it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.gateway.trusted-proxies=127.0.0.1/32", "shop.gateway.admin-allowed-cidrs=203.0.113.0/24" })
@Import(RedisTestConfiguration.class)
class TrustedProxyIntegrationTests {

	private static final RecordingService orderService = RecordingService.started("order-service");

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, () -> orderService.uri().toString(),
				() -> orderService.uri().toString());
	}

	@AfterAll
	static void stopService() {
		orderService.close();
	}

	@Test
	void adminPathWhenProxyForwardsAnAllowedClientThenRoutedElseForbidden() throws Exception {
		String admin = ShopKeycloak.get().login(DemoUser.ADMIN).accessToken();

		assertThat(adminAll(admin, "203.0.113.5").statusCode()).isEqualTo(200);
		assertThat(adminAll(admin, "198.51.100.1").statusCode()).isEqualTo(403);
		// The proxy appends the address it saw: only that last entry counts, not one the
		// client sent.
		assertThat(adminAll(admin, "203.0.113.5, 198.51.100.1").statusCode()).isEqualTo(403);
		assertThat(adminAll(admin, null).statusCode()).isEqualTo(403);
		assertThat(orderService.received()).filteredOn((received) -> received.path().equals("/api/orders/admin/all"))
			.hasSize(1);
	}

	private HttpResponse<String> adminAll(String token, String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(
					"http://localhost:" + this.environment.getProperty("local.server.port") + "/api/orders/admin/all"))
			.header("Authorization", "Bearer " + token);
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
