package com.example.shop.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * A JWK set endpoint on localhost that counts its fetches and can fail like an IdP
 * outage.
 */
final class JwksServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicBoolean down = new AtomicBoolean();

	JwksServer(JWKSet keys) throws IOException {
		byte[] body = keys.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/certs", (exchange) -> {
			this.fetches.incrementAndGet();
			if (this.down.get()) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/certs");
	}

	int fetches() {
		return this.fetches.get();
	}

	void goDown() {
		this.down.set(true);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
