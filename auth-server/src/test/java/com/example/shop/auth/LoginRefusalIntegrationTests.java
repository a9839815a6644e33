package com.example.shop.auth;

import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.AuthorizationResponse;
import com.example.shop.testsupport.keycloak.BrowserLogin;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.Pkce;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenEndpointResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the login refuses: wrong credentials, unregistered redirect URIs, requests without
 * PKCE S256, codes exchanged with the wrong verifier or twice.
 */
class LoginRefusalIntegrationTests {

	private static final String INVALID_CREDENTIALS = "Invalid username or password.";

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	void loginWhenWrongPasswordThenLoginPageAgainAndNoCode() {
		BrowserLogin browser = this.keycloak.browserLogin(AuthorizationRequest.forGateway());

		AuthorizationResponse response = browser.submit(DemoUser.BOB.username(), "not-" + DemoUser.BOB.password());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.location()).isNull();
		assertThat(response.code()).isNull();
		assertThat(response.body()).contains(INVALID_CREDENTIALS).contains("kc-form-login");
	}

	@Test
	void loginWhenUnknownUserThenSameAnswerAsWrongPassword() {
		BrowserLogin browser = this.keycloak.browserLogin(AuthorizationRequest.forGateway());

		AuthorizationResponse response = browser.submit("mallory", "any-password-at-all");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.code()).isNull();
		assertThat(response.body()).contains(INVALID_CREDENTIALS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/login/oauth2/code/keycloak",
			"http://localhost:18081/login/oauth2/code/keycloak",
			"http://localhost:18080.evil.example/login/oauth2/code/keycloak", ShopRealm.GATEWAY_REDIRECT_URI + "/extra",
			ShopRealm.GATEWAY_REDIRECT_URI + "/../../../evil", ShopRealm.GATEWAY_PUBLIC_URL + "/login/oauth2/code/",
			"https://localhost:18080/login/oauth2/code/keycloak" })
	void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNoRedirect(String redirectUri) {
		AuthorizationRequest request = AuthorizationRequest.forGateway().withRedirectUri(redirectUri);

		AuthorizationResponse response = this.keycloak.browserLogin(request).open();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.location()).isNull();
		assertThat(response.body()).contains("Invalid parameter: redirect_uri");
	}

	@Test
	void authorizeWhenRegisteredRedirectUriThenLoginPage() {
		AuthorizationResponse response = this.keycloak.browserLogin(AuthorizationRequest.forGateway()).open();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("kc-form-login");
	}

	@Test
	void authorizeWhenNoPkceChallengeThenErrorRedirectWithoutCode() {
		AuthorizationResponse response = this.keycloak.browserLogin(AuthorizationRequest.forGateway().withoutPkce())
			.open();

		assertThat(response.redirectsTo(ShopRealm.GATEWAY_REDIRECT_URI)).as("%s", response).isTrue();
		assertThat(response.parameters()).containsEntry("error", "invalid_request").doesNotContainKey("code");
	}

	@Test
	void authorizeWhenPlainPkceMethodThenErrorRedirectWithoutCode() {
		AuthorizationResponse response = this.keycloak
			.browserLogin(AuthorizationRequest.forGateway().withChallengeMethod("plain"))
			.open();

		assertThat(response.redirectsTo(ShopRealm.GATEWAY_REDIRECT_URI)).as("%s", response).isTrue();
		assertThat(response.parameters()).containsEntry("error", "invalid_request").doesNotContainKey("code");
	}

	@Test
	void exchangeWhenVerifierDoesNotMatchChallengeThenInvalidGrant() {
		AuthorizationRequest request = AuthorizationRequest.forGateway();
		String code = codeFor(request);
		AuthorizationRequest otherVerifier = new AuthorizationRequest(request.clientId(), request.redirectUri(),
				request.scope(), request.state(), request.nonce(), Pkce.generate(), request.challengeMethod());

		TokenEndpointResult result = exchange(otherVerifier, code);

		assertThat(result.isSuccess()).isFalse();
		assertThat(result.error()).isEqualTo("invalid_grant");
	}

	@Test
	void exchangeWhenCodeUsedTwiceThenSecondExchangeRefused() {
		AuthorizationRequest request = AuthorizationRequest.forGateway();
		String code = codeFor(request);

		TokenEndpointResult first = exchange(request, code);
		TokenEndpointResult second = exchange(request, code);

		assertThat(first.isSuccess()).as("%s", first).isTrue();
		assertThat(second.isSuccess()).isFalse();
		assertThat(second.error()).isEqualTo("invalid_grant");
	}

	@Test
	void exchangeWhenClientSecretWrongThenRefused() {
		AuthorizationRequest request = AuthorizationRequest.forGateway();
		String code = codeFor(request);

		TokenEndpointResult result = this.keycloak.tokenEndpoint().exchangeCode(request, code, "not-the-secret");

		assertThat(result.isSuccess()).isFalse();
		assertThat(result.status()).isEqualTo(401);
	}

	private String codeFor(AuthorizationRequest request) {
		AuthorizationResponse response = this.keycloak.browserLogin(request)
			.submit(DemoUser.ALICE.username(), DemoUser.ALICE.password());
		assertThat(response.code()).as("%s", response).isNotNull();
		return response.code();
	}

	private TokenEndpointResult exchange(AuthorizationRequest request, String code) {
		return this.keycloak.tokenEndpoint()
			.exchangeCode(request, code, this.keycloak.clientSecret(ShopRealm.GATEWAY_CLIENT));
	}

}
