package com.example.shop.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.AuthorizationResponse;
import com.example.shop.testsupport.keycloak.KeycloakAdmin;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force detection: after the realm's failure limit even the right password gets no
 * code. Runs on a user made for the test, so the demo users are never locked.
 */
class BruteForceProtectionIntegrationTests {

	/** The realm's {@code failureFactor}. */
	private static final int FAILURE_FACTOR = 5;

	/** The realm's {@code quickLoginCheckMilliSeconds}. */
	private static final Duration QUICK_LOGIN_CHECK = Duration.ofMillis(1000);

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
	void loginWhenFewerFailuresThanTheLimitThenRightPasswordStillWorks() throws InterruptedException {
		failSlowly(FAILURE_FACTOR - 1);

		assertThat(login(this.password).code()).isNotNull();
	}

	@Test
	void loginWhenFailuresReachTheLimitThenRightPasswordGetsNoCode() throws InterruptedException {
		assertThat(login(this.password).code()).as("the right password works before the attack").isNotNull();

		failSlowly(FAILURE_FACTOR);
		AuthorizationResponse afterAttack = login(this.password);

		assertThat(afterAttack.code()).isNull();
		assertThat(afterAttack.location()).isNull();
		assertThat(afterAttack.status()).isEqualTo(200);
	}

	@Test
	void loginWhenTwoFailuresInQuickSuccessionThenRightPasswordGetsNoCode() {
		assertThat(login("wrong-password-1").code()).isNull();
		assertThat(login("wrong-password-2").code()).isNull();

		assertThat(login(this.password).code()).isNull();
	}

	/**
	 * Wrong passwords spaced wider than the realm's quick-login check, so that only the
	 * failure count can lock the account.
	 */
	private void failSlowly(int failures) throws InterruptedException {
		for (int attempt = 1; attempt <= failures; attempt++) {
			Thread.sleep(QUICK_LOGIN_CHECK.plusMillis(200));
			assertThat(login("wrong-password-" + attempt).code()).isNull();
		}
	}

	private AuthorizationResponse login(String password) {
		return this.keycloak.browserLogin(AuthorizationRequest.forGateway()).submit(this.username, password);
	}

}
