package com.example.shop.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted proxy (here: the test itself, on 127.0.0.1), the client address is the
 * one the proxy adds to {@code X-Forwarded-For}, and the admin allow-list applies to it:
 * every admin operation of both services is routed for an allowed client, in its
 * canonical writing only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.gateway.trusted-proxies=127.0.0.1/32", "shop.gateway.admin-allowed-cidrs=203.0.113.0/24" })
@Import(RedisTestConfiguration.class)
class TrustedProxyIntegrationTests {

	@RegisterExtension
	static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");

	@Test
	void adminPathWhenProxyForwardsAnAllowedClientThenRoutedElseForbidden() throws Exception {
		String admin = ShopKeycloak.get().login(DemoUser.ADMIN).accessToken();
		int before = gateway.services().received().size();

		assertThat(adminAll(admin, "203.0.113.5").statusCode()).isEqualTo(200);
		assertThat(adminAll(admin, "198.51.100.1").statusCode()).isEqualTo(403);
		// The proxy appends the address it saw: only that last entry counts, not one the
		// client sent.
		assertThat(adminAll(admin, "203.0.113.5, 198.51.100.1").statusCode()).isEqualTo(403);
		assertThat(adminAll(admin, null).statusCode()).isEqualTo(403);
		assertThat(gateway.services().received()).hasSize(before + 1);
	}

	@Test
	void everyAdminOperationWhenProxyForwardsAnAllowedClientThenRoutedAndInAnyOtherWritingRefused() throws Exception {
		String admin = ShopKeycloak.get().login(DemoUser.ADMIN).accessToken();

		for (AdminOperation operation : AdminOperation.all(UUID.randomUUID())) {
			int before = gateway.services().received().size();
			assertThat(send(operation.method(), operation.path(), admin, "203.0.113.5").statusCode())
				.as(operation.toString())
				.isEqualTo(200);
			for (String variant : operation.variants()) {
				assertThat(send(operation.method(), variant, admin, "203.0.113.5").statusCode()).as(variant)
					.isEqualTo(400);
			}
			assertThat(gateway.services().received()).hasSize(before + 1);
		}
	}

	@Test
	void requestWhenTrustedProxyForwardsNoAddressThenBadRequestAndNothingRouted() throws Exception {
		String admin = ShopKeycloak.get().login(DemoUser.ADMIN).accessToken();
		int before = gateway.services().received().size();

		assertThat(adminAll(admin, "203.0.113.5, evil.example").statusCode()).isEqualTo(400);
		assertThat(adminAll(admin, "203.0.113.5, ").statusCode()).isEqualTo(400);
		assertThat(gateway.services().received()).hasSize(before);
	}

	@Test
	void backChannelLogoutWhenForwardedByTheProxyThenNotFoundButFromInsideItIsThere() throws Exception {
		HttpResponse<String> forwarded = backChannelLogout("203.0.113.5");
		HttpResponse<String> inside = backChannelLogout(null);

		// Only Keycloak calls it, from inside the platform: a trusted address that
		// forwards nothing.
		assertThat(forwarded.statusCode()).isEqualTo(404);
		assertThat(forwarded.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(inside.statusCode()).as("the endpoint, refusing a bad logout token").isEqualTo(400);
	}

	private HttpResponse<String> backChannelLogout(String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/logout/connect/back-channel/keycloak"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("logout_token=x.y.z"));
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> adminAll(String token, String forwardedFor) throws Exception {
		return send("GET", "/api/orders/admin/all", token, forwardedFor);
	}

	private HttpResponse<String> send(String method, String path, String token, String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
			.header("Authorization", "Bearer " + token)
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
