package com.example.shop.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The drain on a real Tomcat on loopback: as it begins, the listening socket closes, so a
 * new connection is refused at once (and a caller's client tries the next address it
 * resolved) instead of waiting in the kernel's queue to be reset when Tomcat stops; a
 * connection made before goes on being served, each answer asking to close it.
 */
class TomcatListenersTests {

	private final List<WebServer> servers = new ArrayList<>();

	@AfterEach
	void stopServers() {
		this.servers.forEach(WebServer::stop);
	}

	@Test
	void drainWhenItBeginsThenNewConnectionsRefusedAndOpenOnesServedAskingToClose() throws Exception {
		AtomicReference<WebServer> running = new AtomicReference<>();
		ConnectionDrain drain = new ConnectionDrain(Duration.ofSeconds(2), new TomcatListeners(running::get)::close);
		drain.start();
		WebServer server = start(drain);
		running.set(server);
		int port = server.getPort();
		try (Socket before = connect(port)) {
			assertThat(exchange(before)).containsExactly("HTTP/1.1 200", "keep");

			CompletableFuture<Void> stopped = CompletableFuture.runAsync(drain::stop);
			awaitRefused(port);

			assertThat(exchange(before)).as("a request on a connection made before the drain")
				.containsExactly("HTTP/1.1 200", "close");
			stopped.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void closeWhenListenersClosedThenRefusedAtOnce() throws IOException {
		WebServer server = start(null);
		int port = server.getPort();

		new TomcatListeners(() -> server).close();

		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(port).close());
	}

	@Test
	void closeWhenNoWebServerThenNothing() {
		new TomcatListeners(() -> null).close();
	}

	private WebServer start(ConnectionDrain drain) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(InetAddress.getLoopbackAddress());
		WebServer server = factory.getWebServer((context) -> {
			if (drain != null) {
				context.addFilter("drain", drain).addMappingForUrlPatterns(null, false, "/*");
			}
			context.addServlet("ok", new OkServlet()).addMapping("/");
		});
		this.servers.add(server);
		server.start();
		return server;
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		// Bounded: a server that never answers fails the test instead of hanging it.
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static void awaitRefused(int port) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			try (Socket probe = connect(port)) {
				Thread.sleep(10);
			}
			catch (ConnectException refused) {
				return;
			}
		}
		throw new AssertionError("port " + port + " still accepts connections");
	}

	/**
	 * One request on the connection: the answer's status line (without reason) and
	 * whether it keeps the connection ({@code keep}) or asks to close it ({@code close}).
	 */
	private static List<String> exchange(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		BufferedReader in = new BufferedReader(
				new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
		String status = in.readLine().trim();
		String connection = "keep";
		int length = 0;
		for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(lower.substring("content-length:".length()).trim());
			}
			if (lower.equals("connection: close")) {
				connection = "close";
			}
		}
		for (int i = 0; i < length; i++) {
			in.read();
		}
		return List.of(status, connection);
	}

	static class OkServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentLength(2);
			response.getWriter().write("ok");
		}

	}

}
