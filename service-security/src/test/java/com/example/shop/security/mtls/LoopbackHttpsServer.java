package com.example.shop.security.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS server on a loopback port that requires a client certificate, as the
 * platform's services do. {@code /who} answers the serial (hex) of the client's
 * certificate, {@code /redirect} redirects to it, {@code /cookie} sets a cookie and
 * {@code /hang-up} closes the connection without an answer. Every request is recorded.
 */
final class LoopbackHttpsServer implements AutoCloseable {

	private final HttpsServer server;

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	LoopbackHttpsServer(SSLContext context) {
		try {
			this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setHttpsConfigurator(new HttpsConfigurator(context) {

			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = context.getDefaultSSLParameters();
				ssl.setNeedClientAuth(true);
				parameters.setSSLParameters(ssl);
			}

		});
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	List<Exchange> exchanges() {
		return this.exchanges;
	}

	private void handle(HttpExchange exchange) throws IOException {
		X509Certificate client = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
		String path = exchange.getRequestURI().getPath();
		this.exchanges.add(new Exchange(path, exchange.getRemoteAddress().getPort(),
				client.getSerialNumber().toString(16), exchange.getRequestHeaders().getFirst("Cookie"),
				exchange.getRequestHeaders().getFirst("traceparent")));
		switch (path) {
			case "/redirect" -> {
				exchange.getResponseHeaders().add("Location", "/who");
				exchange.sendResponseHeaders(302, -1);
			}
			case "/cookie" -> {
				exchange.getResponseHeaders().add("Set-Cookie", "session=secret; Path=/");
				respond(exchange, "set");
			}
			// An exception from a handler makes the JDK server close the connection.
			case "/hang-up" -> throw new IOException("hanging up");
			default -> respond(exchange, client.getSerialNumber().toString(16));
		}
		exchange.close();
	}

	private static void respond(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One request as the server saw it.
	 *
	 * @param path its path
	 * @param clientPort the client's port: one per connection
	 * @param clientSerial the serial of the client's certificate
	 * @param cookie its {@code Cookie} header
	 * @param traceparent its W3C {@code traceparent} header
	 */
	record Exchange(String path, int clientPort, String clientSerial, String cookie, String traceparent) {

	}

}
