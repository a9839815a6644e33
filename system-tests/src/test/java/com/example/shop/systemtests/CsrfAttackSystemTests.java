package com.example.shop.systemtests;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF variants against a logged-in browser session (alice, logged in through the gateway
 * and Keycloak's form): each state-changing request that lacks the session's CSRF token
 * in the header is refused and places no order; the same request with it does.
 */
class CsrfAttackSystemTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	private final Attacks attacks = new Attacks("CSRF against a browser session");

	@Test
	void stateChangingSessionRequestsWithoutTheCsrfTokenThenRefusedAndNoOrderPlaced() {
		Browser alice = Platform.browserLogin(DemoUser.ALICE);
		Browser bob = Platform.browserLogin(DemoUser.BOB);
		String bobsToken = bob.cookie(Platform.GATEWAY, "XSRF-TOKEN");
		String alicesToken = alice.cookie(Platform.GATEWAY, "XSRF-TOKEN");
		String bearer = Platform.accessToken(DemoUser.ALICE);
		long before = Attacks.orders(bearer);
		URI orders = Platform.GATEWAY.resolve("/api/orders");

		Map<String, Map<String, String>> variants = Map.of("no token", Map.of(), "Basic authorization header",
				Map.of("Authorization", "Basic eDp5"), "wrong token", Map.of("X-XSRF-TOKEN", "x" + alicesToken),
				"another session's token", Map.of("X-XSRF-TOKEN", bobsToken), "foreign origin",
				Map.of("Origin", "https://evil.example"), "token in the query only", Map.of(),
				"Digest authorization header", Map.of("Authorization", "Digest username=\"alice\""));
		variants.forEach((name, headers) -> this.attacks.attempt(name, () -> {
			URI target = name.contains("query") ? URI.create(orders + "?_csrf=" + alicesToken) : orders;
			HttpResponse<String> response = alice.postJson(target, ORDER, headers);
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}));
		this.attacks.attempt("a form post (what a cross-site page can send)",
				() -> assertThat(alice.postForm(orders, Map.of("items", "MUG-001"), Map.of()).statusCode())
					.isEqualTo(403));
		this.attacks.attempt("nothing placed", () -> assertThat(Attacks.orders(bearer)).isEqualTo(before));

		// The control: the page's own request, with the token in the header.
		assertThat(alice.postJson(orders, ORDER, Map.of("X-XSRF-TOKEN", alicesToken)).statusCode()).isEqualTo(201);
		assertThat(Attacks.orders(bearer)).isEqualTo(before + 1);
		this.attacks.verify();
	}

}
