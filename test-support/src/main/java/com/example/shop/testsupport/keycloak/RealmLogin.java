package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real login at the realm {@code shop} of any Keycloak: the one tests start, or the
 * compose platform's. Authorization code with PKCE through Keycloak's own login form, the
 * redirect checked, the code exchanged by the client; no password grant.
 */
public final class RealmLogin {

	private final String issuer;

	private final UnaryOperator<String> clientSecrets;

	/**
	 * A login at a realm.
	 * @param issuer the realm's issuer, e.g. {@code http://localhost:8180/realms/shop}
	 * @param clientSecrets the secret of each confidential client, by client id
	 */
	public RealmLogin(String issuer, UnaryOperator<String> clientSecrets) {
		this.issuer = issuer;
		this.clientSecrets = clientSecrets;
	}

	/**
	 * Logs a demo user in with the given authorization request.
	 * @param user the demo user
	 * @param request the authorization request
	 * @return the user's tokens
	 * @throws IllegalStateException when Keycloak issues no code or the answer fails a
	 * check
	 */
	public TokenResponse login(DemoUser user, AuthorizationRequest request) {
		AuthorizationResponse response = browserLogin(request).submit(user.username(), user.password());
		// NOTE: with brute-force protection on, Keycloak refuses a login while another
		// login of the same user is still in progress on the server, and a login's
		// bookkeeping can outlast its redirect on a busy machine: the right password then
		// meets the login form again ("user_temporarily_disabled"). Two more tries, a
		// second apart; a real lock-out (a minute at least in this realm) still fails.
		for (int retry = 0; retry < 2 && response.status() == 200 && response.code() == null; retry++) {
			pause(Duration.ofSeconds(1));
			response = browserLogin(request).submit(user.username(), user.password());
		}
		if (!response.redirectsTo(request.redirectUri()) || response.code() == null) {
			throw new IllegalStateException("Login of " + user.username() + " issued no code: " + response);
		}
		Map<String, String> parameters = response.parameters();
		// The checks a client owes: state against CSRF, iss against mix-up (RFC 9207).
		if (!request.state().equals(parameters.get("state"))) {
			throw new IllegalStateException("The redirect carries another state");
		}
		if (!this.issuer.equals(parameters.get("iss"))) {
			throw new IllegalStateException("The redirect names another issuer: " + parameters.get("iss"));
		}
		return tokenEndpoint().exchangeCode(request, response.code(), this.clientSecrets.apply(request.clientId()))
			.tokens();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public BrowserLogin browserLogin(AuthorizationRequest request) {
		return new BrowserLogin(URI.create(this.issuer + "/protocol/openid-connect/auth"), request);
	}

	public TokenEndpoint tokenEndpoint() {
		return new TokenEndpoint(URI.create(this.issuer + "/protocol/openid-connect/token"));
	}

}
