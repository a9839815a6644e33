package com.example.shop.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.core.env.Environment;

/**
 * Calls a service's HTTP API as a client with a bearer token would, for black-box
 * assertions on status, headers and body.
 */
public final class ApiClient {

	private final HttpClient http = Http.client().build();

	private final Supplier<URI> base;

	/**
	 * A client of the API at a base address known only once the service runs.
	 * @param base supplies e.g. {@code http://localhost:8080}
	 */
	public ApiClient(Supplier<URI> base) {
		this.base = base;
	}

	/**
	 * A client of the application that a Spring Boot test started on a random port. The
	 * environment is asked for the port at each call, since a test's fields are set
	 * before the environment is injected.
	 * @param environment supplies the test application's environment
	 * @return a client of {@code http://localhost:<local.server.port>}
	 */
	public static ApiClient localServer(Supplier<Environment> environment) {
		return onLocalPort(environment, "local.server.port");
	}

	/**
	 * A client of that application's management server.
	 * @param environment supplies the test application's environment
	 * @return a client of {@code http://localhost:<local.management.port>}
	 */
	public static ApiClient localManagement(Supplier<Environment> environment) {
		return onLocalPort(environment, "local.management.port");
	}

	private static ApiClient onLocalPort(Supplier<Environment> environment, String portProperty) {
		return new ApiClient(
				() -> URI.create("http://localhost:" + environment.get().getRequiredProperty(portProperty)));
	}

	public HttpResponse<String> get(String path, String token) {
		return send(request(path, token).GET());
	}

	public HttpResponse<String> delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	public HttpResponse<String> post(String path, String token, String json) {
		return post(path, token, Map.of(), json);
	}

	public HttpResponse<String> post(String path, String token, Map<String, String> headers, String json) {
		HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		return send(request);
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = Http.request(URI.create(this.base.get() + path));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(this.http, request.build());
	}

}
