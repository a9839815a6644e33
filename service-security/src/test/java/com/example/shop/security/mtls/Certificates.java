package com.example.shop.security.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.pki.TestPki;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Real certificates for the tests of the package: the platform's from the
 * {@link TestPki}, and the odd ones its CA never issues (no SAN, URI names, a subject
 * that says one thing and a SAN another), made here with Bouncy Castle and signed by the
 * same CA.
 */
final class Certificates {

	private Certificates() {
	}

	static TestPki pki() {
		return TestPki.get();
	}

	/**
	 * A new certificate of the platform CA.
	 * @param names DNS names (an IP literal becomes an IP name), the first is the service
	 * @return the certificate and its key
	 */
	static IssuedCertificate issue(String... names) {
		return pki().ca().issue(Duration.ofDays(1), names);
	}

	/**
	 * A certificate of the platform CA with exactly these subject alternative names.
	 * @param subject the subject's common name
	 * @param names the SANs; none means no SAN extension at all
	 * @return the certificate
	 */
	static X509Certificate withNames(String subject, GeneralName... names) {
		try {
			return build(subject, (names.length > 0) ? new GeneralNames(names).getEncoded(ASN1Encoding.DER) : null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A certificate of the platform CA whose SAN extension holds these bytes, DER or not.
	 * @param subject the subject's common name
	 * @param extensionValue the value of the SAN extension
	 * @return the certificate
	 */
	static X509Certificate withRawSan(String subject, byte[] extensionValue) {
		return build(subject, extensionValue);
	}

	private static X509Certificate build(String subject, byte[] san) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			return build(subject, san, generator.generateKeyPair().getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate build(String subject, byte[] san, PublicKey key) {
		try {
			CertificateAuthority ca = pki().ca();
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
					new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minusSeconds(60)),
					Date.from(now.plusSeconds(3600)), new X500Name("CN=" + subject), key);
			if (san != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, san);
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.self().privateKey())));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An RSA certificate of the platform CA, which itself issues only EC ones.
	 * @param service the service, as subject CN only
	 * @return the certificate and its key
	 */
	static IssuedCertificate rsa(String service) {
		KeyPair keys = RsaKeys.KEYS;
		return new IssuedCertificate(build(service, null, keys.getPublic()), keys.getPrivate());
	}

	/**
	 * A PKCS#12 key store with a key entry per certificate, no passwords.
	 * @param entries the certificates and keys
	 * @return the store
	 */
	static KeyStore keyStore(IssuedCertificate... entries) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			for (int i = 0; i < entries.length; i++) {
				store.setKeyEntry("key-" + i, entries[i].privateKey(), new char[0],
						new X509Certificate[] { entries[i].certificate() });
			}
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A PKCS#12 trust store of one CA.
	 * @param ca the CA
	 * @return the store
	 */
	static KeyStore trustStore(X509Certificate ca) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", ca);
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes a TLS directory in the layout of a Kubernetes TLS secret.
	 * @param directory the directory, created or overwritten
	 * @param issued the certificate and key
	 * @param ca the CA to trust
	 * @return the directory
	 */
	static Path tlsDirectory(Path directory, IssuedCertificate issued, X509Certificate ca) {
		PemFiles.writeTlsDirectory(directory, issued, ca);
		return directory;
	}

	/**
	 * The SSL bundle of a TLS directory, as Spring Boot makes it from
	 * {@code spring.ssl.bundle.pem} properties.
	 * @param directory the TLS directory
	 * @return the bundle
	 */
	static SslBundle bundle(Path directory) {
		return SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate(location(directory, PemFiles.CERTIFICATE))
					.withPrivateKey(location(directory, PemFiles.PRIVATE_KEY)),
				PemSslStoreDetails.forCertificate(location(directory, PemFiles.CA))));
	}

	private static String location(Path directory, String file) {
		return "file:" + directory.resolve(file).toAbsolutePath();
	}

	/** One RSA key for the JVM, made on first use: a 2048-bit key takes a second. */
	private static final class RsaKeys {

		static final KeyPair KEYS = generate();

		private static KeyPair generate() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
