package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as it runs on Kubernetes, where Spring Boot would trust forwarded headers
 * by itself: a client that is not a trusted proxy cannot name its own address with
 * {@code Forwarded} or {@code X-Forwarded-For}, neither to pass the admin allow-list nor
 * to pick a rate-limit bucket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.cloud-platform=kubernetes", "shop.gateway.admin-allowed-cidrs=203.0.113.0/24",
				"shop.rate-limit.catalogue.replenish-rate=1", "shop.rate-limit.catalogue.requested-tokens=60",
				"shop.rate-limit.catalogue.burst-capacity=180" })
@Import(RedisTestConfiguration.class)
class KubernetesPlatformIntegrationTests {

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	@Autowired
	private Environment environment;

	@Test
	void kubernetesIsTheActivePlatform() {
		assertThat(CloudPlatform.getActive(this.environment)).isEqualTo(CloudPlatform.KUBERNETES);
	}

	@Test
	void adminOperationWhenClientForwardsAnAllowedAddressThenStillForbiddenAndNothingRouted() throws Exception {
		String admin = ShopKeycloak.get().login(DemoUser.ADMIN).accessToken();
		int before = gateway.services().received().size();
		Map<String, String> spoofs = Map.of("Forwarded", "for=203.0.113.5", "X-Forwarded-For", "203.0.113.5");

		assertThat(send("/api/orders/admin/all", admin, Map.of()).statusCode()).isEqualTo(403);
		for (Map.Entry<String, String> spoof : spoofs.entrySet()) {
			assertThat(send("/api/orders/admin/all", admin, Map.of(spoof.getKey(), spoof.getValue())).statusCode())
				.as(spoof.getKey())
				.isEqualTo(403);
		}
		assertThat(send("/api/orders/admin/all", admin, Map.of("Forwarded",
				"for=\"[2001:db8::1]\";proto=https, for=203.0.113.5", "X-Forwarded-For", "203.0.113.5, 203.0.113.6"))
			.statusCode()).isEqualTo(403);
		assertThat(gateway.services().received()).hasSize(before);
	}

	@Test
	void anonymousWhenClientForwardsOtherAddressesThenOneBucket() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(send("/api/public/products", null, Map.of()).statusCode()).isEqualTo(200);
		}

		assertThat(send("/api/public/products", null, Map.of("Forwarded", "for=198.51.100.7")).statusCode())
			.isEqualTo(429);
		assertThat(send("/api/public/products", null, Map.of("X-Forwarded-For", "198.51.100.8")).statusCode())
			.isEqualTo(429);
	}

	private HttpResponse<String> send(String path, String token, Map<String, String> headers) {
		Map<String, String> all = new HashMap<>(headers);
		if (token != null) {
			all.put("Authorization", "Bearer " + token);
		}
		return gateway.client().send("GET", path, all, null);
	}

}
