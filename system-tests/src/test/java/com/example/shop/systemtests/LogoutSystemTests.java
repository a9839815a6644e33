package com.example.shop.systemtests;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging out at Keycloak (not at the gateway) ends the gateway session too: Keycloak
 * posts a logout token to the gateway over the platform's network (OIDC back-channel
 * logout), and the browser's gateway session stops working.
 */
class LogoutSystemTests {

	@Test
	void logoutAtKeycloakThenGatewaySessionEnded() throws Exception {
		Browser bob = Platform.browserLogin(DemoUser.BOB);
		assertThat(bob.get(Platform.GATEWAY.resolve("/api/orders")).statusCode()).isEqualTo(200);

		HttpResponse<String> confirm = bob.get(URI.create(Platform.ISSUER + "/protocol/openid-connect/logout"));
		HttpResponse<String> loggedOut = bob.submitForm(confirm, "form[action*=logout]", Map.of());
		assertThat(loggedOut.statusCode()).as("Keycloak's answer to the logout").isLessThan(400);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int status;
		do {
			status = bob.get(Platform.GATEWAY.resolve("/api/orders")).statusCode();
			if (status == 200) {
				Thread.sleep(200);
			}
		}
		while (status == 200 && System.nanoTime() < deadline);
		assertThat(status).as("the gateway session after logging out at Keycloak").isEqualTo(401);
	}

}
