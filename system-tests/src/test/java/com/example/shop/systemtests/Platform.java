package com.example.shop.systemtests;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.example.shop.testsupport.http.Browser;
import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.RealmLogin;
import com.example.shop.testsupport.keycloak.TokenResponse;

/**
 * The compose platform as a user on this machine reaches it: the gateway and Keycloak on
 * 127.0.0.1, the secrets from the environment or, as in compose, the demo values of
 * {@code .env.example}.
 */
final class Platform {

	static final URI GATEWAY = URI.create("http://localhost:8080");

	static final String ISSUER = "http://localhost:8180/realms/shop";

	private Platform() {
	}

	/**
	 * A user's tokens, as an API client gets them: authorization code with PKCE through
	 * Keycloak's login form, redeemed by the gateway client.
	 * @param user the demo user
	 * @return the access token
	 */
	static String accessToken(DemoUser user) {
		return tokens(user).accessToken();
	}

	/**
	 * The same login's whole answer: access, ID and refresh token.
	 * @param user the demo user
	 * @return the tokens
	 */
	static TokenResponse tokens(DemoUser user) {
		return realm().login(user,
				AuthorizationRequest.forGateway().withRedirectUri(GATEWAY + "/login/oauth2/code/keycloak"));
	}

	/**
	 * The realm as the gateway client meets it.
	 * @return logins and the token endpoint, with the gateway client's secret
	 */
	static RealmLogin realm() {
		return new RealmLogin(ISSUER, (clientId) -> gatewayClientSecret());
	}

	/**
	 * The gateway client's secret: from the environment or, as in compose, the demo
	 * value.
	 * @return the secret
	 */
	static String gatewayClientSecret() {
		return System.getenv().getOrDefault("GATEWAY_CLIENT_SECRET", "demo-gateway-client-secret");
	}

	/**
	 * A browser logged in through the gateway: the front door, Keycloak's form, the way
	 * back.
	 * @param user the demo user
	 * @return the browser, holding the gateway session and Keycloak's
	 */
	static Browser browserLogin(DemoUser user) {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(GATEWAY.resolve("/"), Map.of("Accept", "text/html"));
		URI authorize = Browser.location(browser.get(Browser.location(page)));
		HttpResponse<String> callback = browser.submitLogin(browser.get(authorize), user.username(), user.password());
		HttpResponse<String> loggedIn = browser.get(Browser.location(callback));
		if (loggedIn.statusCode() != 302 || browser.get(GATEWAY.resolve("/me")).statusCode() != 200) {
			throw new IllegalStateException("Login of " + user.username() + " failed: " + loggedIn.statusCode());
		}
		return browser;
	}

}
