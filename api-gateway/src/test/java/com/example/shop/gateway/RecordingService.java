package com.example.shop.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a downstream service that records every request it receives, to prove
 * what the gateway forwards and what it never lets through.
 */
public final class RecordingService implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

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

	RecordingService(String name) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			int bodyLength = exchange.getRequestBody().readAllBytes().length;
			this.received.add(new Received(exchange.getRequestURI().getRawPath(),
					exchange.getRequestHeaders().getFirst("Authorization"), bodyLength));
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
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One request as the service received it.
	 *
	 * @param path the raw path
	 * @param authorization the Authorization header, or {@code null}
	 * @param bodyLength how many body bytes arrived
	 */
	record Received(String path, String authorization, int bodyLength) {

	}

}
