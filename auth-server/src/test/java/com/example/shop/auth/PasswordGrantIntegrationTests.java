package com.example.shop.auth;

import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.KeycloakAdmin;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.TokenEndpointResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource owner password grant is refused by every client of the running realm,
 * built-in ones included: passwords are typed at Keycloak only.
 */
class PasswordGrantIntegrationTests {

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	private final KeycloakAdmin admin = this.keycloak.admin();

	@Test
	void passwordGrantWhenAnyClientOfTheRealmThenRefused() {
		List<Map<String, Object>> clients = this.admin.clients();
		assertThat(clients).extracting((client) -> client.get("clientId"))
			.contains("gateway", "order-service", "payment-service", "admin-cli", "account", "account-console");

		for (Map<String, Object> client : clients) {
			TokenEndpointResult result = passwordGrant(client);

			assertThat(result.isSuccess()).as("password grant for %s", client.get("clientId")).isFalse();
			assertThat(result.error()).as("error for %s (%s)", client.get("clientId"), result)
				.isIn("unauthorized_client", "invalid_client");
		}
	}

	@Test
	void passwordGrantWhenAClientAllowsItThenTokensAreIssuedSoTheRefusalsAreReal() {
		// A control: the same request succeeds where the grant is on, so a refusal above
		// is the realm's rule, not a malformed request.
		String id = this.admin.create("clients", Map.of("clientId", "password-grant-control", "publicClient", true,
				"standardFlowEnabled", false, "directAccessGrantsEnabled", true));
		try {
			TokenEndpointResult result = passwordGrant(
					Map.of("id", id, "clientId", "password-grant-control", "publicClient", true));

			assertThat(result.isSuccess()).as("%s", result).isTrue();
		}
		finally {
			this.admin.delete("clients", id);
		}
	}

	private TokenEndpointResult passwordGrant(Map<String, Object> client) {
		String clientId = (String) client.get("clientId");
		boolean confidential = !Boolean.TRUE.equals(client.get("publicClient"))
				&& !Boolean.TRUE.equals(client.get("bearerOnly"));
		// The client's real secret, so that a refusal cannot come from failed
		// client authentication.
		String secret = confidential ? this.admin.clientSecret((String) client.get("id")) : null;
		Map<String, String> form = Map.of("grant_type", "password", "username", DemoUser.ALICE.username(), "password",
				DemoUser.ALICE.password(), "scope", "openid");
		return this.keycloak.tokenEndpoint().post(form, clientId, secret);
	}

}
