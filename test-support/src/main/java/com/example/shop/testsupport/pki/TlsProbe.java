package com.example.shop.testsupport.pki;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Low-level TLS checks against a server: whether a connection with a given client
 * certificate gets an HTTP answer, which certificate the server presents, and how the
 * server answers a hand-made ClientHello of an old protocol version, which a modern JDK
 * client cannot even send.
 */
public final class TlsProbe {

	private static final int TIMEOUT_MILLIS = 10_000;

	private TlsProbe() {
	}

	/**
	 * Connects, sends one {@code GET} and returns the status line. With TLS 1.3 a server
	 * refuses a client certificate only after the client's side of the handshake, so a
	 * refusal surfaces here as an exception while reading, not while connecting.
	 * @param server e.g. {@code https://payment-service:8443}
	 * @param tls the client's TLS context
	 * @param path the path to get
	 * @return the status line
	 * @throws IOException when the handshake or the exchange fails
	 */
	public static String statusLine(URI server, SSLContext tls, String path) throws IOException {
		try (SSLSocket socket = connect(server, tls)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String line = readLine(socket.getInputStream());
			if (line.isEmpty()) {
				throw new IOException("Connection closed without an answer");
			}
			return line;
		}
	}

	/**
	 * The certificate the server presents to a new connection.
	 * @param server e.g. {@code https://payment-service:8443}
	 * @param tls the client's TLS context
	 * @return the server's certificate
	 * @throws IOException when the handshake fails
	 */
	public static X509Certificate serverCertificate(URI server, SSLContext tls) throws IOException {
		try (SSLSocket socket = connect(server, tls)) {
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	/**
	 * Sends a ClientHello of a given legacy version (no {@code supported_versions}
	 * extension, as TLS 1.2 and older clients send it) offering ECDHE-ECDSA suites, and
	 * reads the first record of the answer.
	 * @param server the server
	 * @param version {@code 0x0302} for TLS 1.1, {@code 0x0303} for TLS 1.2
	 * @return {@code "server-hello"}, {@code "alert:<description>"} or {@code "closed"}
	 * @throws IOException when the connection fails
	 */
	public static String answerToClientHello(URI server, int version) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.getOutputStream().write(clientHello(version));
			socket.getOutputStream().flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			int type = in.read();
			if (type < 0) {
				return "closed";
			}
			in.readUnsignedShort();
			int length = in.readUnsignedShort();
			byte[] body = in.readNBytes(length);
			if (type == 21 && body.length >= 2) {
				return "alert:" + (body[1] & 0xff);
			}
			if (type == 22 && body.length >= 1 && body[0] == 2) {
				return "server-hello";
			}
			return "record:" + type;
		}
	}

	private static SSLSocket connect(URI server, SSLContext tls) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		SSLSocket layered = (SSLSocket) tls.getSocketFactory()
			.createSocket(socket, server.getHost(), server.getPort(), true);
		SSLParameters parameters = layered.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		layered.setSSLParameters(parameters);
		return layered;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int read = in.read(); read >= 0 && read != '\n'; read = in.read()) {
			if (read != '\r') {
				line.write(read);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private static byte[] clientHello(int version) {
		ByteArrayOutputStream hello = new ByteArrayOutputStream();
		hello.write(version >> 8);
		hello.write(version & 0xff);
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		hello.writeBytes(random);
		hello.write(0);
		// ECDHE-ECDSA with AES-128-GCM (TLS 1.2) and AES-128-CBC-SHA (TLS 1.0-1.2).
		hello.writeBytes(new byte[] { 0, 4, (byte) 0xc0, 0x2b, (byte) 0xc0, 0x09 });
		hello.writeBytes(new byte[] { 1, 0 });
		byte[] extensions = {
				// supported_groups: secp256r1
				0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,
				// ec_point_formats: uncompressed
				0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
				// signature_algorithms: ecdsa_secp256r1_sha256
				0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03 };
		hello.write(extensions.length >> 8);
		hello.write(extensions.length & 0xff);
		hello.writeBytes(extensions);
		byte[] body = hello.toByteArray();
		ByteArrayOutputStream record = new ByteArrayOutputStream();
		record.writeBytes(new byte[] { 22, 3, 1 });
		int handshakeLength = body.length + 4;
		record.write(handshakeLength >> 8);
		record.write(handshakeLength & 0xff);
		record.write(1);
		record.writeBytes(new byte[] { 0, (byte) (body.length >> 8), (byte) (body.length & 0xff) });
		record.writeBytes(body);
		return record.toByteArray();
	}

}
