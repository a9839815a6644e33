package com.example.shop.security.mtls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.platform.ServiceName;
import com.example.shop.testsupport.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The client side of mutual TLS over real handshakes on loopback: the bundle's
 * certificate is presented, the bundle's CA is the only one trusted, and a renewed
 * certificate or CA is used by the next connection, including when Spring Boot reloads
 * the bundle's files.
 */
class ClientTlsTests {

	/**
	 * Tests that wait for Spring Boot's file watcher: left out of mutation testing, where
	 * they only add time (the bundle updates the other tests make kill the same mutants).
	 */
	static final String FILE_WATCH = "file-watch";

	private static final String BUNDLE = "service";

	@TempDir
	Path directory;

	private final List<AutoCloseable> servers = new ArrayList<>();

	@AfterEach
	void closeServers() throws Exception {
		for (AutoCloseable server : this.servers) {
			server.close();
		}
	}

	@Test
	void sslContextWhenServerRequiresClientCertificateThenBundleCertificatePresented() throws Exception {
		IssuedCertificate order = Certificates.issue(ServiceName.ORDER_SERVICE);
		ClientTls tls = ClientTls.of(registry(tlsDirectory("tls", order, pki().ca().certificate())), BUNDLE);
		LoopbackTlsServer server = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		assertThat(server.call(tls.sslContext())).isEqualTo(serial(order));
		assertThat(server.nextHandshake().clientCertificate()).isEqualTo(order.certificate());
		assertThat(tls.certificate()).isEqualTo(order.certificate());
	}

	@Test
	void sslContextWhenServerOfAnotherCaThenRefused() throws Exception {
		CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1));
		ClientTls tls = ClientTls.of(
				registry(tlsDirectory("tls", Certificates.issue(ServiceName.ORDER_SERVICE), pki().ca().certificate())),
				BUNDLE);
		LoopbackTlsServer server = server(TestPki
			.clientContext(other.issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE), other.certificate()));

		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> server.call(tls.sslContext()));
	}

	@Test
	void sslContextWhenServerTrustsAnotherCaThenCertificatePresentedAnywayAndRefused() throws Exception {
		// The JDK's own key manager would send no certificate to a server that names
		// other CAs; this one sends its own, and the server's refusal says why.
		CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1));
		ClientTls tls = ClientTls.of(
				registry(tlsDirectory("tls", Certificates.issue(ServiceName.ORDER_SERVICE), pki().ca().certificate())),
				BUNDLE);
		LoopbackTlsServer server = server(
				TestPki.clientContext(Certificates.issue(ServiceName.PAYMENT_SERVICE), other.certificate()));

		// With TLS 1.3 the client learns of the refusal after its side of the handshake:
		// an alert or a reset, depending on timing.
		assertThatIOException().isThrownBy(() -> server.call(tls.sslContext()));
		IOException refusal = server.nextHandshake().failure();
		assertThat(refusal).isNotNull();
		assertThat(refusal).hasStackTraceContaining("PKIX path").hasStackTraceContaining("CertPathBuilderException");
	}

	@Test
	void updateWhenCertificateRenewedThenNextConnectionPresentsRenewedOne() throws Exception {
		IssuedCertificate first = Certificates.issue(ServiceName.ORDER_SERVICE);
		IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);
		DefaultSslBundleRegistry registry = registry(tlsDirectory("first", first, pki().ca().certificate()));
		ClientTls tls = ClientTls.of(registry, BUNDLE);
		LoopbackTlsServer server = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));
		assertThat(server.call(tls.sslContext())).isEqualTo(serial(first));
		// A second connection before the renewal resumes the first one's session.
		assertThat(server.call(tls.sslContext())).isEqualTo(serial(first));

		registry.updateBundle(BUNDLE, Certificates.bundle(tlsDirectory("renewed", renewed, pki().ca().certificate())));

		// Not a resumption of the old session, which would carry the old identity.
		assertThat(server.call(tls.sslContext())).isEqualTo(serial(renewed));
		assertThat(tls.certificate()).isEqualTo(renewed.certificate());
	}

	@Test
	void updateWhenCaReplacedThenServersOfNewCaTrustedAndOfOldCaNot() throws Exception {
		CertificateAuthority next = CertificateAuthority.create("next", Duration.ofDays(1));
		DefaultSslBundleRegistry registry = registry(
				tlsDirectory("old", Certificates.issue(ServiceName.ORDER_SERVICE), pki().ca().certificate()));
		ClientTls tls = ClientTls.of(registry, BUNDLE);
		LoopbackTlsServer oldServer = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));
		LoopbackTlsServer nextServer = server(
				TestPki.clientContext(next.issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE), next.certificate()));
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> nextServer.call(tls.sslContext()));

		IssuedCertificate renewed = next.issue(Duration.ofDays(1), ServiceName.ORDER_SERVICE);
		registry.updateBundle(BUNDLE, Certificates.bundle(tlsDirectory("next", renewed, next.certificate())));

		assertThat(nextServer.call(tls.sslContext())).isEqualTo(serial(renewed));
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> oldServer.call(tls.sslContext()));
	}

	@Test
	@Tag(FILE_WATCH)
	void ofWhenBundleFilesRenewedThenReloadedBySpringBootAndPresented() throws Exception {
		IssuedCertificate first = Certificates.issue(ServiceName.ORDER_SERVICE);
		Path tls = tlsDirectory("watched", first, pki().ca().certificate());
		LoopbackTlsServer server = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("spring.ssl.bundle.pem.service.reload-on-update=true",
					"spring.ssl.bundle.pem.service.keystore.certificate=file:" + tls.resolve(PemFiles.CERTIFICATE),
					"spring.ssl.bundle.pem.service.keystore.private-key=file:" + tls.resolve(PemFiles.PRIVATE_KEY),
					"spring.ssl.bundle.pem.service.truststore.certificate=file:" + tls.resolve(PemFiles.CA),
					"spring.ssl.bundle.watch.file.quiet-period=100ms")
			.run((context) -> {
				ClientTls client = ClientTls.of(context.getBean(SslBundles.class), BUNDLE);
				List<BigInteger> updates = new CopyOnWriteArrayList<>();
				client.onUpdate(() -> updates.add(client.certificate().getSerialNumber()));
				assertThat(server.call(client.sslContext())).isEqualTo(serial(first));

				IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);
				PemFiles.writeTlsDirectory(tls, renewed, pki().ca().certificate());

				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(updates).last().isEqualTo(renewed.certificate().getSerialNumber()));
				assertThat(server.call(client.sslContext())).isEqualTo(serial(renewed));
			});
	}

	@Test
	void onUpdateWhenBundleUpdatedThenEachListenerRunsAfterCertificateChanged() throws Exception {
		IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);
		DefaultSslBundleRegistry registry = registry(
				tlsDirectory("first", Certificates.issue(ServiceName.ORDER_SERVICE), pki().ca().certificate()));
		ClientTls tls = ClientTls.of(registry, BUNDLE);
		List<Object> seen = new ArrayList<>();
		tls.onUpdate(() -> seen.add(tls.certificate()));
		tls.onUpdate(() -> seen.add("second"));

		registry.updateBundle(BUNDLE, Certificates.bundle(tlsDirectory("renewed", renewed, pki().ca().certificate())));
		registry.updateBundle(BUNDLE, Certificates.bundle(tlsDirectory("renewed", renewed, pki().ca().certificate())));

		assertThat(seen).containsExactly(renewed.certificate(), "second", renewed.certificate(), "second");
	}

	@Test
	void updateWhenBundleUpdatedThenNewSerialLogged() throws Exception {
		IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);
		DefaultSslBundleRegistry registry = registry(
				tlsDirectory("first", Certificates.issue(ServiceName.ORDER_SERVICE), pki().ca().certificate()));
		ClientTls.of(registry, BUNDLE);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		Logger logger = (Logger) LoggerFactory.getLogger(ClientTls.class);
		logger.addAppender(log);
		try {
			registry.updateBundle(BUNDLE,
					Certificates.bundle(tlsDirectory("renewed", renewed, pki().ca().certificate())));
		}
		finally {
			logger.detachAppender(log);
		}

		// How operators see that a rotation reached the service.
		assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("Client certificate of bundle 'service' reloaded: serial " + serial(renewed));
	}

	@Test
	void certificateWhenKeyHasNoChainThenNone() {
		KeyManager[] keys = keyManagers(Certificates.keyStore(Certificates.issue(ServiceName.ORDER_SERVICE)));
		TrustManager[] trust = trustManagers(pki().ca().certificate());
		ClientTls empty = ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, withManagers(
				new KeyManager[] { new ChainlessKeyManager((X509KeyManager) keys[0], new X509Certificate[0]) }, trust)),
				BUNDLE);
		ClientTls none = ClientTls.of(new DefaultSslBundleRegistry(BUNDLE,
				withManagers(new KeyManager[] { new ChainlessKeyManager((X509KeyManager) keys[0], null) }, trust)),
				BUNDLE);

		assertThat(empty.certificate()).isNull();
		assertThat(none.certificate()).isNull();
	}

	@Test
	void ofWhenBundleHasNoKeyThenRefused() {
		SslBundle trustOnly = SslBundle
			.of(SslStoreBundle.of(null, null, Certificates.trustStore(pki().ca().certificate())));

		assertThatIllegalStateException()
			.isThrownBy(() -> ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, trustOnly), BUNDLE))
			.withMessage("SSL bundle 'service' must hold exactly one client key, not 0");
	}

	@Test
	void ofWhenBundleHasTwoKeysThenRefused() {
		KeyStore keys = Certificates.keyStore(Certificates.issue(ServiceName.ORDER_SERVICE),
				Certificates.rsa(ServiceName.GATEWAY));
		SslBundle two = SslBundle.of(SslStoreBundle.of(keys, "", Certificates.trustStore(pki().ca().certificate())));

		assertThatIllegalStateException()
			.isThrownBy(() -> ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, two), BUNDLE))
			.withMessage("SSL bundle 'service' must hold exactly one client key, not 2");
	}

	@Test
	void ofWhenBundleHasOneRsaKeyThenPresented() throws Exception {
		IssuedCertificate rsa = Certificates.rsa(ServiceName.ORDER_SERVICE);
		SslBundle bundle = SslBundle
			.of(SslStoreBundle.of(Certificates.keyStore(rsa), "", Certificates.trustStore(pki().ca().certificate())));
		ClientTls tls = ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, bundle), BUNDLE);
		LoopbackTlsServer server = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		assertThat(tls.certificate()).isEqualTo(rsa.certificate());
		assertThat(server.call(tls.sslContext())).isEqualTo(serial(rsa));
	}

	@Test
	void ofWhenBundleHasNoExtendedKeyManagerThenRefused() {
		X509KeyManager plain = (X509KeyManager) keyManagers(
				Certificates.keyStore(Certificates.issue(ServiceName.ORDER_SERVICE)))[0];
		SslBundle bundle = withManagers(new KeyManager[] { new PlainKeyManager(plain) },
				trustManagers(pki().ca().certificate()));

		assertThatIllegalStateException()
			.isThrownBy(() -> ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, bundle), BUNDLE))
			.withMessage("SSL bundle 'service' has no X509ExtendedKeyManager");
	}

	@Test
	void ofWhenBundleHasNoExtendedTrustManagerThenRefused() {
		X509TrustManager plain = (X509TrustManager) trustManagers(pki().ca().certificate())[0];
		SslBundle bundle = withManagers(
				keyManagers(Certificates.keyStore(Certificates.issue(ServiceName.ORDER_SERVICE))),
				new TrustManager[] { new PlainTrustManager(plain) });

		assertThatIllegalStateException()
			.isThrownBy(() -> ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, bundle), BUNDLE))
			.withMessage("SSL bundle 'service' has no X509ExtendedTrustManager");
	}

	@Test
	void ofWhenExtendedManagersAfterOthersThenExtendedOnesUsed() throws Exception {
		IssuedCertificate order = Certificates.issue(ServiceName.ORDER_SERVICE);
		KeyManager[] keys = keyManagers(Certificates.keyStore(order));
		TrustManager[] trust = trustManagers(pki().ca().certificate());
		SslBundle bundle = withManagers(new KeyManager[] { new PlainKeyManager((X509KeyManager) keys[0]), keys[0] },
				new TrustManager[] { new PlainTrustManager((X509TrustManager) trust[0]), trust[0] });

		ClientTls tls = ClientTls.of(new DefaultSslBundleRegistry(BUNDLE, bundle), BUNDLE);

		assertThat(tls.certificate()).isEqualTo(order.certificate());
	}

	@Test
	void protocolsWhenReadThenTls13And12Only() {
		assertThat(ClientTls.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
	}

	private LoopbackTlsServer server(SSLContext context) {
		LoopbackTlsServer server = new LoopbackTlsServer(context);
		this.servers.add(server);
		return server;
	}

	private Path tlsDirectory(String name, IssuedCertificate issued, X509Certificate ca) throws IOException {
		return Certificates.tlsDirectory(Files.createDirectories(this.directory.resolve(name)), issued, ca);
	}

	private static DefaultSslBundleRegistry registry(Path tls) {
		return new DefaultSslBundleRegistry(BUNDLE, Certificates.bundle(tls));
	}

	private static TestPki pki() {
		return Certificates.pki();
	}

	private static String serial(IssuedCertificate issued) {
		return issued.certificate().getSerialNumber().toString(16);
	}

	private static SslBundle withManagers(KeyManager[] keys, TrustManager[] trust) {
		SslManagerBundle managers = new SslManagerBundle() {

			@Override
			public KeyManager[] getKeyManagers() {
				return keys;
			}

			@Override
			public TrustManager[] getTrustManagers() {
				return trust;
			}

			@Override
			public KeyManagerFactory getKeyManagerFactory() {
				throw new UnsupportedOperationException();
			}

			@Override
			public TrustManagerFactory getTrustManagerFactory() {
				throw new UnsupportedOperationException();
			}

		};
		return SslBundle.of(SslStoreBundle.NONE, null, null, null, managers);
	}

	private static KeyManager[] keyManagers(KeyStore keys) {
		try {
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(keys, new char[0]);
			return factory.getKeyManagers();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TrustManager[] trustManagers(X509Certificate ca) {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(Certificates.trustStore(ca));
			return factory.getTrustManagers();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A key manager with one key but the given chain for it. */
	private static final class ChainlessKeyManager extends X509ExtendedKeyManager {

		private final X509KeyManager delegate;

		private final X509Certificate[] chain;

		ChainlessKeyManager(X509KeyManager delegate, X509Certificate[] chain) {
			this.delegate = delegate;
			this.chain = chain;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return this.delegate.getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return null;
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.chain;
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

	/** A key manager of the pre-Java 7 interface only, as a bundle should never have. */
	private record PlainKeyManager(X509KeyManager delegate) implements X509KeyManager {

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return this.delegate.getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.delegate.getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

	/** A trust manager of the pre-Java 7 interface only. */
	private record PlainTrustManager(X509TrustManager delegate) implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
