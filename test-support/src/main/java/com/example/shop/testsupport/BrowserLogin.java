package com.example.shop.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One browser at Keycloak's login: it opens the page an authorization request leads to,
 * fills in and submits the login form as a browser would (cookies, hidden fields, the
 * form's own action) and reads where Keycloak sends it next. Redirects are reported, not
 * followed, so the test sees the code (or error) Keycloak hands back to the client.
 */
public final class BrowserLogin {

	private final HttpClient browser = Http.client().cookieHandler(new LoopbackSecureCookies()).build();

	private final URI authorizationEndpoint;

	private final AuthorizationRequest request;

	private Document page;

	BrowserLogin(URI authorizationEndpoint, AuthorizationRequest request) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.request = request;
	}

	/**
	 * Sends the browser to the authorization endpoint.
	 * @return the login page (200), an error page, or a redirect with an error
	 */
	public AuthorizationResponse open() {
		URI uri = this.request.toUri(this.authorizationEndpoint);
		return answer(uri, Http.send(this.browser, Http.request(uri).GET().build()));
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
		Element form = this.page.selectFirst("form#kc-form-login");
		if (form == null) {
			throw new IllegalStateException("The page has no login form: " + this.page.title());
		}
		Map<String, String> fields = new LinkedHashMap<>();
		form.select("input[name]").forEach((input) -> fields.put(input.attr("name"), input.val()));
		fields.put("username", username);
		fields.put("password", password);
		URI action = URI.create(form.absUrl("action"));
		return answer(action,
				Http.send(this.browser,
						Http.request(action)
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(Http.form(fields))
							.build()));
	}

	private AuthorizationResponse answer(URI requested, HttpResponse<String> response) {
		URI location = response.headers().firstValue("Location").map(requested::resolve).orElse(null);
		if (response.statusCode() == 200) {
			this.page = Jsoup.parse(response.body(), requested.toString());
		}
		return new AuthorizationResponse(response.statusCode(), location, response.body());
	}

}
