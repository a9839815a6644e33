package com.example.shop.testsupport.pki;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.DevPki;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.platform.ServiceNamesResolverProvider;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The platform PKI of a test JVM, made by the same {@link DevPki} the compose start-up
 * runs: a CA of its own and a certificate per service in {@code target/test-pki}, made
 * fresh for each JVM. Tests also issue certificates the platform must refuse: from
 * another CA, expired, or naming another service.
 */
public final class TestPki {

	private final Path directory = Path.of("target", "test-pki", String.valueOf(ProcessHandle.current().pid()))
		.toAbsolutePath();

	private final CertificateAuthority ca;

	private TestPki() {
		new DevPki(this.directory, Duration.ofDays(1)).ensure(ServiceNamesResolverProvider.names());
		Path caDirectory = this.directory.resolve("ca");
		this.ca = CertificateAuthority
			.of(new IssuedCertificate(PemFiles.readCertificate(caDirectory.resolve(PemFiles.CA)),
					PemFiles.readKey(caDirectory.resolve("ca.key"))));
	}

	public static TestPki get() {
		return Shared.INSTANCE;
	}

	/**
	 * The TLS directory ({@code tls.crt}, {@code tls.key}, {@code ca.crt}) of a service,
	 * what its {@code SHOP_TLS_DIR} points at.
	 * @param service the service's name
	 * @return the directory
	 */
	public Path tlsDirectory(String service) {
		return this.directory.resolve(service);
	}

	/**
	 * Points a Spring Boot test application's SSL bundle at a service's TLS directory,
	 * with a short quiet period so that a replaced certificate is reloaded quickly.
	 * @param registry the test's dynamic properties
	 * @param service the service the application is
	 */
	public void registerTlsDirectory(DynamicPropertyRegistry registry, String service) {
		registry.add("SHOP_TLS_DIR", () -> tlsDirectory(service).toString());
		registry.add("SHOP_TLS_RELOAD_QUIET_PERIOD", () -> "1s");
	}

	/**
	 * A service's certificate.
	 * @param service the service's name
	 * @return its certificate
	 */
	public X509Certificate certificate(String service) {
		return PemFiles.readCertificate(tlsDirectory(service).resolve(PemFiles.CERTIFICATE));
	}

	/**
	 * The platform CA, to issue more certificates.
	 * @return the CA
	 */
	public CertificateAuthority ca() {
		return this.ca;
	}

	/**
	 * A directory of its own for a service whose certificate a test replaces, holding a
	 * fresh certificate for it.
	 * @param service the service's name
	 * @param name the directory's name
	 * @return the directory
	 */
	public Path newTlsDirectory(String service, String name) {
		Path tls = this.directory.resolve(name);
		PemFiles.writeTlsDirectory(tls, this.ca.issue(Duration.ofDays(1), service), this.ca.certificate());
		return tls;
	}

	/**
	 * A TLS context, for a client or a server, that presents a service's certificate and
	 * trusts the platform CA.
	 * @param service the service whose identity the client takes
	 * @return the context
	 */
	public SSLContext clientContext(String service) {
		Path tls = tlsDirectory(service);
		return clientContext(new IssuedCertificate(PemFiles.readCertificate(tls.resolve(PemFiles.CERTIFICATE)),
				PemFiles.readKey(tls.resolve(PemFiles.PRIVATE_KEY))), this.ca.certificate());
	}

	/**
	 * A TLS context with any certificate (or none) and any trusted CA. The certificate is
	 * presented whatever CAs the server says it accepts, as a client under test must: the
	 * JDK's own key manager would quietly send nothing instead.
	 * @param certificate what the client presents, {@code null} for nothing
	 * @param trusted the CA the client trusts
	 * @return the context
	 */
	public static SSLContext clientContext(IssuedCertificate certificate, X509Certificate trusted) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", trusted);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManager[] keyManagers = (certificate != null) ? new KeyManager[] { new FixedKeyManager(certificate) }
					: new KeyManager[0];
			context.init(keyManagers, trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class FixedKeyManager extends X509ExtendedKeyManager {

		private static final String ALIAS = "client";

		private final IssuedCertificate certificate;

		FixedKeyManager(IssuedCertificate certificate) {
			this.certificate = certificate;
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return ALIAS;
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return ALIAS;
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return new X509Certificate[] { this.certificate.certificate() };
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.certificate.privateKey();
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { ALIAS };
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return new String[] { ALIAS };
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return ALIAS;
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return ALIAS;
		}

	}

	private static final class Shared {

		static final TestPki INSTANCE = new TestPki();

	}

}
