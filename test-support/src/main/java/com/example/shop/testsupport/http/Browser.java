package com.example.shop.testsupport.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser-like HTTP client: one cookie jar (treating {@code localhost} as a secure
 * context, as browsers do), redirects reported rather than followed, and Keycloak's login
 * form filled in and submitted as a person would.
 */
public final class Browser {

	private final HttpClient client = Http.client().cookieHandler(new LoopbackSecureCookies()).build();

	public HttpResponse<String> get(URI uri) {
		return send(Http.request(uri).GET());
	}

	public HttpResponse<String> get(URI uri, Map<String, String> headers) {
		HttpRequest.Builder request = Http.request(uri).GET();
		headers.forEach(request::header);
		return send(request);
	}

	public HttpResponse<String> postForm(URI uri, Map<String, String> fields, Map<String, String> headers) {
		HttpRequest.Builder request = Http.request(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(Http.form(fields));
		headers.forEach(request::header);
		return send(request);
	}

	public HttpResponse<String> postJson(URI uri, String json, Map<String, String> headers) {
		HttpRequest.Builder request = Http.request(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		return send(request);
	}

	/**
	 * Fills in and submits the Keycloak login form of a page.
	 * @param page a response whose body is Keycloak's login page
	 * @param username the user name typed in
	 * @param password the password typed in
	 * @return Keycloak's answer: a redirect back to the client, or the page again
	 */
	public HttpResponse<String> submitLogin(HttpResponse<String> page, String username, String password) {
		return submitForm(page, "form#kc-form-login", Map.of("username", username, "password", password));
	}

	/**
	 * Submits a form of a page as a browser would: its own fields (hidden ones and named
	 * buttons included), with some filled in.
	 * @param page a response whose body holds the form
	 * @param selector the form, as a CSS selector
	 * @param filledIn the fields typed in
	 * @return the answer
	 */
	public HttpResponse<String> submitForm(HttpResponse<String> page, String selector, Map<String, String> filledIn) {
		Document document = Jsoup.parse(page.body(), page.uri().toString());
		Element form = document.selectFirst(selector);
		if (form == null) {
			throw new IllegalStateException("The page has no form " + selector + ": " + document.title());
		}
		Map<String, String> fields = new LinkedHashMap<>();
		form.select("input[name], button[name]").forEach((input) -> fields.put(input.attr("name"), input.val()));
		fields.putAll(filledIn);
		return postForm(URI.create(form.absUrl("action")), fields, Map.of());
	}

	/**
	 * Where a redirect points, resolved against the request it answers.
	 * @param response a redirect
	 * @return the target
	 */
	public static URI location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("Not a redirect: " + response.statusCode()));
		return response.uri().resolve(location);
	}

	/**
	 * The value of a cookie the jar holds for an address.
	 * @param uri the address
	 * @param name the cookie's name
	 * @return the value, or {@code null}
	 */
	public String cookie(URI uri, String name) {
		return this.client.cookieHandler()
			.map((handler) -> (LoopbackSecureCookies) handler)
			.map((jar) -> jar.value(uri, name))
			.orElse(null);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(this.client, request.build());
	}

}
