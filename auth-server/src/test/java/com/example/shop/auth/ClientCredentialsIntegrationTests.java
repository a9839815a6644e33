package com.example.shop.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenEndpointResult;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-service's own token for work without a user, by client credentials.
 */
class ClientCredentialsIntegrationTests {

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	@SuppressWarnings("unchecked")
	void clientCredentialsWhenOrderServiceThenServiceTokenWithoutUserRoles() throws Exception {
		TokenResponse tokens = this.keycloak.serviceToken(ShopRealm.ORDER_SERVICE_CLIENT);
		JWTClaimsSet claims = tokens.parsedAccessToken().getJWTClaimsSet();

		Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
		List<String> roles = (realmAccess != null) ? (List<String>) realmAccess.get("roles") : List.of();
		assertThat(roles).doesNotContain("USER", "ADMIN");
		assertThat(claims.getClaim("resource_access")).isNull();
		assertThat(claims.getStringClaim("azp")).isEqualTo(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(claims.getStringClaim("client_id")).isEqualTo(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(claims.getAudience()).contains(ShopRealm.PAYMENT_SERVICE_CLIENT);
		assertThat(claims.getIssuer()).isEqualTo(this.keycloak.issuer());
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isLessThanOrEqualTo(Duration.ofSeconds(300));
		assertThat(tokens.refreshToken()).as("no refresh token for client credentials").isNull();
		assertThat(claims.getStringClaim("scope").split(" ")).contains("payments:charge");
	}

	@Test
	void loginWhenUserThenNoChargeScope() throws Exception {
		TokenResponse tokens = this.keycloak.login(DemoUser.ALICE);

		assertThat(tokens.parsedAccessToken().getJWTClaimsSet().getStringClaim("scope").split(" "))
			.contains("orders:write")
			.doesNotContain("payments:charge");
	}

	@Test
	void clientCredentialsWhenSecretWrongThenRefused() {
		TokenEndpointResult result = this.keycloak.tokenEndpoint()
			.clientCredentials(ShopRealm.ORDER_SERVICE_CLIENT, "not-the-secret");

		assertThat(result.isSuccess()).isFalse();
		assertThat(result.status()).isEqualTo(401);
	}

	@Test
	void clientCredentialsWhenClientHasNoServiceAccountThenRefused() {
		TokenEndpointResult result = this.keycloak.tokenEndpoint()
			.clientCredentials(ShopRealm.GATEWAY_CLIENT, this.keycloak.clientSecret(ShopRealm.GATEWAY_CLIENT));

		assertThat(result.isSuccess()).isFalse();
		assertThat(result.error()).isEqualTo("unauthorized_client");
	}

}
