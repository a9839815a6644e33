package com.example.shop.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thin helpers over the JDK HTTP client: form posts and checked exceptions turned
 * unchecked.
 */
public final class Http {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Http() {
	}

	public static HttpClient.Builder client() {
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER);
	}

	public static HttpRequest.Builder request(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
	}

	public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
		return HttpRequest.BodyPublishers.ofString(encode(fields));
	}

	public static String encode(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> urlEncode(field.getKey()) + "=" + urlEncode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	public static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + request.uri(), ex);
		}
	}

}
