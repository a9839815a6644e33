package com.example.shop.security.mtls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on a loopback port that requires a client certificate: each connection is
 * answered with one line, the serial number (hex) of the client certificate the handshake
 * presented, and closed. What each handshake saw is kept for the test to read.
 */
final class LoopbackTlsServer implements AutoCloseable {

	private final SSLServerSocket socket;

	private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();

	LoopbackTlsServer(SSLContext context) {
		try {
			this.socket = (SSLServerSocket) context.getServerSocketFactory()
				.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.socket.setNeedClientAuth(true);
		Thread acceptor = new Thread(this::serve, "loopback-tls-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * The next handshake the server saw.
	 * @return what it saw
	 * @throws InterruptedException when interrupted
	 */
	Handshake nextHandshake() throws InterruptedException {
		Handshake handshake = this.handshakes.poll(10, TimeUnit.SECONDS);
		if (handshake == null) {
			throw new IllegalStateException("No handshake within 10 seconds");
		}
		return handshake;
	}

	/**
	 * Connects with a client context and reads the server's line.
	 * @param client the client's context
	 * @return the serial of the certificate the server saw (hex)
	 * @throws IOException when the handshake or the exchange fails
	 */
	String call(SSLContext client) throws IOException {
		try (SSLSocket connection = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port())) {
			connection.setSoTimeout(10_000);
			connection.startHandshake();
			String line = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			if (line == null) {
				throw new IOException("Closed without an answer");
			}
			return line;
		}
	}

	private void serve() {
		while (!this.socket.isClosed()) {
			SSLSocket connection;
			try {
				connection = (SSLSocket) this.socket.accept();
			}
			catch (IOException ex) {
				// Closed by the test.
				return;
			}
			this.handshakes.add(answer(connection));
			try {
				connection.close();
			}
			catch (IOException ex) {
				// The handshake is what the test reads, not the close.
			}
		}
	}

	private static Handshake answer(SSLSocket connection) {
		try {
			connection.setSoTimeout(10_000);
			connection.startHandshake();
			X509Certificate peer = (X509Certificate) connection.getSession().getPeerCertificates()[0];
			OutputStream out = connection.getOutputStream();
			out.write((peer.getSerialNumber().toString(16) + "\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new Handshake(peer, null);
		}
		catch (IOException ex) {
			return new Handshake(null, ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * One handshake as the server saw it.
	 *
	 * @param clientCertificate the certificate the client presented, {@code null} when
	 * the handshake failed
	 * @param failure why it failed
	 */
	record Handshake(X509Certificate clientCertificate, IOException failure) {

	}

}
