package com.example.shop.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.AuthorizationRequest;
import com.example.shop.testsupport.AuthorizationResponse;
import com.example.shop.testsupport.KeycloakAdmin;
import com.example.shop.testsupport.ShopKeycloak;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force detection: after the realm's failure limit even the right password gets no
 * code. Runs on a user made for the test, so the demo users are never locked.
 */
class BruteForceProtectionIntegrationTests {

	private static final int FAILURE_FACTOR = 5;

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	private final KeycloakAdmin admin = this.keycloak.admin();

	private final String username = "brute-" + UUID.randomUUID().toString().substring(0, 8);

	private final String password = "right-password-" + UUID.randomUUID();

	private String userId;

	@BeforeEach
	void createUser() {
		this.userId = this.admin.create("users",
				Map.of("username", this.username, "enabled", true, "email", this.username + "@shop.example",
						"emailVerified", true, "firstName", "Brute", "lastName", "Force", "credentials",
						List.of(Map.of("type", "password", "value", this.password, "temporary", false))));
	}

	@AfterEach
	void deleteUser() {
		this.admin.delete("users", this.userId);
	}

	@Test
	void loginWhenTooManyWrongPasswordsThenRightPasswordGetsNoCode() {
		assertThat(login(this.password).code()).as("the right password works before the attack").isNotNull();

		for (int attempt = 1; attempt <= FAILURE_FACTOR; attempt++) {
			assertThat(login("wrong-password-" + attempt).code()).isNull();
		}
		AuthorizationResponse afterAttack = login(this.password);

		assertThat(afterAttack.code()).isNull();
		assertThat(afterAttack.location()).isNull();
		assertThat(afterAttack.status()).isEqualTo(200);
	}

	private AuthorizationResponse login(String password) {
		return this.keycloak.browserLogin(AuthorizationRequest.forGateway()).submit(this.username, password);
	}

}
