package com.example.shop.k8s;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.pki.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The platform CA's renewal, step by step as it happens in a cluster: the CA certificate
 * is renewed; one service has already been reissued (new leaf, new ca.crt), its peer has
 * not (old leaf, old ca.crt); they call each other with mutual TLS, host names verified,
 * trusting only their own ca.crt as the services' SSL bundles do (the JDK's PKIX trust
 * manager). With the key kept (rotationPolicy Never, the manifests' choice) both
 * directions work; with a new key (rotationPolicy Always, as it was) both fail.
 */
class CaRenewalTests {

	private final CertificateAuthority before = CertificateAuthority.create("shop platform CA", Duration.ofDays(365));

	@Test
	void callWhenCaRenewedWithTheSameKeyThenOldAndNewHalvesTrustEachOther() throws Exception {
		CertificateAuthority after = this.before.renew(Duration.ofDays(365));
		Service notYetReissued = new Service("order-service", this.before.issue(Duration.ofHours(24), "order-service"),
				this.before.certificate());
		Service reissued = new Service("payment-service", after.issue(Duration.ofHours(24), "payment-service"),
				after.certificate());

		assertThat(after.certificate()).isNotEqualTo(this.before.certificate());
		assertThat(call(notYetReissued, reissued)).isEqualTo("payment-service");
		assertThat(call(reissued, notYetReissued)).isEqualTo("order-service");
	}

	@Test
	void callWhenCaRenewedWithANewKeyThenTheHalvesRefuseEachOther() {
		CertificateAuthority rekeyed = CertificateAuthority.create("shop platform CA", Duration.ofDays(365));
		Service notYetReissued = new Service("order-service", this.before.issue(Duration.ofHours(24), "order-service"),
				this.before.certificate());
		Service reissued = new Service("payment-service", rekeyed.issue(Duration.ofHours(24), "payment-service"),
				rekeyed.certificate());

		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> call(notYetReissued, reissued));
		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> call(reissued, notYetReissued));
	}

	/**
	 * One mutual-TLS handshake from a client service to a server service on loopback.
	 * @return the server name the client verified (its certificate's first DNS name)
	 */
	private static String call(Service client, Service server) throws Exception {
		try (SSLServerSocket listener = (SSLServerSocket) server.context()
			.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			listener.setNeedClientAuth(true);
			CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
				try (SSLSocket socket = (SSLSocket) listener.accept()) {
					socket.setSoTimeout(10_000);
					socket.startHandshake();
					socket.getOutputStream().write(1);
					socket.getOutputStream().flush();
				}
				catch (IOException ex) {
					// The client's side reports the refusal.
				}
			});
			Socket plain = new Socket();
			plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
			String verified;
			try (SSLSocket socket = (SSLSocket) client.context()
				.getSocketFactory()
				.createSocket(plain, server.name(), listener.getLocalPort(), true)) {
				socket.setSoTimeout(10_000);
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				// The server answers only once it has checked the client's certificate.
				if (socket.getInputStream().read() != 1) {
					throw new SSLException("The server closed the connection: it refused the client's certificate");
				}
				X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
				verified = (String) peer.getSubjectAlternativeNames().iterator().next().get(1);
			}
			accepted.get(10, TimeUnit.SECONDS);
			return verified;
		}
	}

	/** A service as its pod holds it: its Secret's tls.crt and tls.key, and ca.crt. */
	private record Service(String name, IssuedCertificate certificate, X509Certificate trusted) {

		SSLContext context() {
			return TestPki.clientContext(this.certificate, this.trusted);
		}

	}

}
