package com.example.shop.testsupport.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.example.shop.testsupport.pki.TestPki;

import org.springframework.core.env.Environment;

/**
 * Calls a service's HTTP API as a client with a bearer token would, for black-box
 * assertions on status, headers and body.
 */
public final class ApiClient {

	private final HttpClient http;

	private final Supplier<URI> base;

	/**
	 * A client of the API at a base address known only once the service runs.
	 * @param base supplies e.g. {@code http://localhost:8080}
	 */
	public ApiClient(Supplier<URI> base) {
		this.base = base;
		this.http = Http.client().build();
	}

	private ApiClient(Supplier<URI> base, SSLContext tls) {
		this.base = base;
		this.http = Http.client().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
	}

	/**
	 * A client that calls a service over mutual TLS as another service of the platform
	 * would: with that service's certificate from the test PKI, verifying the server's
	 * name against the platform CA.
	 * @param base supplies e.g. {@code https://payment-service:8443}
	 * @param caller the service whose certificate the client presents
	 * @return the client
	 */
	public static ApiClient asService(Supplier<URI> base, String caller) {
		return new ApiClient(base, TestPki.get().clientContext(caller));
	}

	/**
	 * A client, calling as {@code caller}, of a service that a Spring Boot test started
	 * with its TLS port on a random port.
	 * @param environment supplies the test application's environment
	 * @param service the service's name, which its certificate names
	 * @param caller the service whose certificate the client presents
	 * @return a client of {@code https://<service>:<local.server.port>}
	 */
	public static ApiClient localTlsServer(Supplier<Environment> environment, String service, String caller) {
		return asService(
				() -> URI
					.create("https://" + service + ":" + environment.get().getRequiredProperty("local.server.port")),
				caller);
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

	/**
	 * The address the client calls.
	 * @return e.g. {@code https://order-service:41234}
	 */
	public URI base() {
		return this.base.get();
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

	/**
	 * Any request, as written: the method, the raw path and query, the headers.
	 * @param method the method
	 * @param path the path and query, sent as they are
	 * @param headers the headers
	 * @param body the body, or {@code null} for none
	 * @return the answer
	 */
	public HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder request = request(path, null).method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
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
