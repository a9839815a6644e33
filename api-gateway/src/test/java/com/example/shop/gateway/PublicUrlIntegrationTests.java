package com.example.shop.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.keycloak.AuthorizationResponse;
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
 * Behind an ingress that ends TLS (Kubernetes), the gateway receives plain HTTP: with its
 * public URL configured, browsers are still sent back to the https address and its
 * cookies are still Secure, whatever Host or X-Forwarded-* headers a request carries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "shop.gateway.public-url=https://shop.example.test")
@Import(RedisTestConfiguration.class)
class PublicUrlIntegrationTests {

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// No request reaches a service here.
		GatewayTestProperties.register(registry, () -> "https://order-service:1", () -> "https://payment-service:1");
	}

	@Test
	void loginWhenPublicUrlSetThenRedirectUriIsItsOwnAndSessionCookieSecure() throws Exception {
		HttpResponse<String> response = get("/oauth2/authorization/keycloak", "X-Forwarded-Host", "evil.example",
				"X-Forwarded-Proto", "http");

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		// The authorization endpoint is Keycloak's, wherever the test's Keycloak runs
		// (on a new machine that is http://localhost too); only the redirect URI is
		// the gateway's.
		assertThat(location.toString()).startsWith(ShopKeycloak.get().issuer() + "/protocol/openid-connect/auth?")
			.doesNotContain("evil.example");
		assertThat(new AuthorizationResponse(302, location, "").parameters()).containsEntry("redirect_uri",
				"https://shop.example.test/login/oauth2/code/keycloak");
		assertThat(cookie(response, "SESSION")).contains("; Secure").containsIgnoringCase("; HttpOnly");
	}

	@Test
	void pageWhenPublicUrlSetThenCsrfCookieSecure() throws Exception {
		HttpResponse<String> response = get("/api/public/products");

		assertThat(cookie(response, "XSRF-TOKEN")).contains("; Secure");
	}

	private static String cookie(HttpResponse<String> response, String name) {
		List<String> cookies = response.headers().allValues("Set-Cookie");
		return cookies.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " cookie in " + cookies));
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.environment.getProperty("local.server.port") + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
