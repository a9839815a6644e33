package com.example.shop.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.pki.TestPki;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for a downstream service that records every request it receives, to prove
 * what the gateway forwards and what it never lets through.
 */
public final class RecordingService implements AutoCloseable, AfterAllCallback {

	private final HttpServer server;

	private final String scheme;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, Headers> headersByPath = new ConcurrentHashMap<>();

	/**
	 * A started stand-in.
	 * @param name what its answers say it is
	 * @return the running stand-in
	 */
	public static RecordingService started(String name) {
		try {
			return new RecordingService(name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A started stand-in that serves mutual TLS as the services do: it presents the given
	 * certificate, requires a client certificate of the platform CA, records it, and
	 * closes each connection after its answer, so that every request is a new handshake.
	 * @param name what its answers say it is
	 * @param certificate the certificate it presents
	 * @return the running stand-in
	 */
	public static RecordingService startedTls(String name, IssuedCertificate certificate) {
		try {
			return new RecordingService(name, TestPki.clientContext(certificate, TestPki.get().ca().certificate()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	RecordingService(String name) throws IOException {
		this(name, null);
	}

	private RecordingService(String name, SSLContext tls) throws IOException {
		this.scheme = (tls != null) ? "https" : "http";
		if (tls != null) {
			HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			https.setHttpsConfigurator(new HttpsConfigurator(tls) {

				@Override
				public void configure(HttpsParameters parameters) {
					SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
					ssl.setNeedClientAuth(true);
					parameters.setSSLParameters(ssl);
				}

			});
			this.server = https;
		}
		else {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		this.server.createContext("/", (exchange) -> {
			int bodyLength = exchange.getRequestBody().readAllBytes().length;
			X509Certificate client = null;
			if (exchange instanceof HttpsExchange secure) {
				client = (X509Certificate) secure.getSSLSession().getPeerCertificates()[0];
				exchange.getResponseHeaders().set("Connection", "close");
			}
			this.headersByPath.put(exchange.getRequestURI().getRawPath(), new Headers(exchange.getRequestHeaders()));
			this.received.add(new Received(exchange.getRequestURI().getRawPath(),
					exchange.getRequestHeaders().getFirst("Authorization"), bodyLength, client,
					exchange.getRequestHeaders().getFirst("Cookie")));
			byte[] body = ("{\"service\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	public URI uri() {
		return URI.create(this.scheme + "://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Its address by a service name, for a client that verifies the name.
	 * @param serviceName e.g. {@code payment-service}
	 * @return e.g. {@code https://payment-service:41234}
	 */
	public URI uri(String serviceName) {
		return URI.create(this.scheme + "://" + serviceName + ":" + this.server.getAddress().getPort());
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * The headers of the last request received for a path.
	 * @param path the raw path
	 * @return its headers (names compared as HTTP does), or {@code null}
	 */
	Headers headersOf(String path) {
		return this.headersByPath.get(path);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** Stops the stand-in after the test class that registered it as an extension. */
	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * One request as the service received it.
	 *
	 * @param path the raw path
	 * @param authorization the Authorization header, or {@code null}
	 * @param bodyLength how many body bytes arrived
	 * @param clientCertificate the caller's certificate, {@code null} over plain HTTP
	 * @param cookie the Cookie header, or {@code null}
	 */
	record Received(String path, String authorization, int bodyLength, X509Certificate clientCertificate,
			String cookie) {

		Received(String path, String authorization, int bodyLength) {
			this(path, authorization, bodyLength, null, null);
		}

	}

}
