package com.example.shop.testsupport.http;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A cookie jar that treats {@code http://localhost} as a secure context, as browsers do
 * (W3C Secure Contexts: loopback is potentially trustworthy). Keycloak marks its login
 * cookies {@code Secure}; a browser still sends them to a Keycloak on localhost over
 * plain HTTP, while the JDK's cookie manager alone would not, and every login would fail.
 */
final class LoopbackSecureCookies extends CookieHandler {

	private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	@Override
	public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
		return this.delegate.get(secure(uri), requestHeaders);
	}

	@Override
	public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
		this.delegate.put(secure(uri), responseHeaders);
	}

	String value(URI uri, String name) {
		return this.delegate.getCookieStore()
			.get(secure(uri))
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	private static URI secure(URI uri) {
		if (!"http".equals(uri.getScheme()) || !isLoopback(uri.getHost())) {
			return uri;
		}
		return URI.create("https" + uri.toString().substring("http".length()));
	}

	private static boolean isLoopback(String host) {
		return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

}
