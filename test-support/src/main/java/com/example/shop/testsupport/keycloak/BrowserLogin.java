package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.net.http.HttpResponse;

import com.example.shop.testsupport.http.Browser;

/**
 * One browser at Keycloak's login: it opens the page an authorization request leads to,
 * fills in and submits the login form as a browser would (cookies, hidden fields, the
 * form's own action) and reads where Keycloak sends it next. Redirects are reported, not
 * followed, so the test sees the code (or error) Keycloak hands back to the client.
 */
public final class BrowserLogin {

	private final Browser browser = new Browser();

	private final URI authorizationEndpoint;

	private final AuthorizationRequest request;

	private HttpResponse<String> page;

	BrowserLogin(URI authorizationEndpoint, AuthorizationRequest request) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.request = request;
	}

	/**
	 * Sends the browser to the authorization endpoint.
	 * @return the login page (200), an error page, or a redirect with an error
	 */
	public AuthorizationResponse open() {
		return answer(this.browser.get(this.request.toUri(this.authorizationEndpoint)));
	}

	/**
	 * Submits the login form of the page last shown, opening it first if needed.
	 * @param username the user name typed in
	 * @param password the password typed in
	 * @return a redirect to the client, or the page shown again (wrong credentials)
	 */
	public AuthorizationResponse submit(String username, String password) {
		if (this.page == null) {
			AuthorizationResponse opened = open();
			if (opened.status() != 200) {
				throw new IllegalStateException("No login page: " + opened);
			}
		}
		return answer(this.browser.submitLogin(this.page, username, password));
	}

	private AuthorizationResponse answer(HttpResponse<String> response) {
		URI location = response.headers().firstValue("Location").map(response.uri()::resolve).orElse(null);
		if (response.statusCode() == 200) {
			this.page = response;
		}
		return new AuthorizationResponse(response.statusCode(), location, response.body());
	}

}
