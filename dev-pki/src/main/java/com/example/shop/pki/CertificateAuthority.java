package com.example.shop.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate authority that issues the platform's service certificates: ECDSA P-256
 * keys, SHA-256 signatures, each service certificate usable as a TLS server and as a TLS
 * client, named by DNS subject alternative names only.
 */
public final class CertificateAuthority {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final IssuedCertificate self;

	private CertificateAuthority(IssuedCertificate self) {
		this.self = self;
	}

	/**
	 * Creates a new CA with a new key.
	 * @param name the CA's common name
	 * @param validity how long its certificate is valid from now
	 * @return the CA
	 */
	public static CertificateAuthority create(String name, Duration validity) {
		KeyPair keys = newKeyPair();
		return selfSigned(new X500Name("CN=" + name + ",O=shop platform"), keys.getPublic(), keys.getPrivate(),
				validity);
	}

	/**
	 * The same CA, its name and key, with a new certificate: a renewal that keeps the
	 * key, as cert-manager renews a CA whose {@code rotationPolicy} is {@code Never}.
	 * Certificates it issued before still chain to the new certificate, and those it
	 * issues after to the old one.
	 * @param validity how long the new certificate is valid from now
	 * @return the renewed CA
	 */
	public CertificateAuthority renew(Duration validity) {
		return selfSigned(X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()),
				certificate().getPublicKey(), this.self.privateKey(), validity);
	}

	private static CertificateAuthority selfSigned(X500Name subject, PublicKey publicKey, PrivateKey privateKey,
			Duration validity) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = builder(subject, subject, publicKey, now.minusSeconds(60),
					now.plus(validity))
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
			return new CertificateAuthority(new IssuedCertificate(sign(builder, privateKey), privateKey));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Could not create the CA", ex);
		}
	}

	/**
	 * A CA loaded back from its certificate and key.
	 * @param self the CA's certificate and key
	 * @return the CA
	 */
	public static CertificateAuthority of(IssuedCertificate self) {
		return new CertificateAuthority(self);
	}

	public X509Certificate certificate() {
		return this.self.certificate();
	}

	/**
	 * The CA's own certificate and key, for storing it.
	 * @return the CA's certificate and key
	 */
	public IssuedCertificate self() {
		return this.self;
	}

	/**
	 * Issues a service certificate valid from a minute ago.
	 * @param validity how long it is valid from now
	 * @param dnsNames its DNS subject alternative names (an IP address literal becomes an
	 * IP address name); the first is the service's name
	 * @return the certificate and its new key
	 */
	public IssuedCertificate issue(Duration validity, String... dnsNames) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return issue(now.minusSeconds(60), now.plus(validity), dnsNames);
	}

	/**
	 * Issues a service certificate valid between two instants, also one that has already
	 * expired.
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @param dnsNames its DNS subject alternative names (an IP address literal becomes an
	 * IP address name); the first is the service's name
	 * @return the certificate and its new key
	 */
	public IssuedCertificate issue(Instant notBefore, Instant notAfter, String... dnsNames) {
		if (dnsNames.length == 0) {
			throw new IllegalArgumentException("A service certificate needs at least one DNS name");
		}
		KeyPair keys = newKeyPair();
		X500Name issuer = X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			GeneralName[] names = List.of(dnsNames)
				.stream()
				.map((dnsName) -> new GeneralName(
						IPAddress.isValid(dnsName) ? GeneralName.iPAddress : GeneralName.dNSName, dnsName))
				.toArray(GeneralName[]::new);
			X509v3CertificateBuilder builder = builder(issuer, new X500Name("CN=" + dnsNames[0] + ",O=shop platform"),
					keys.getPublic(), notBefore, notAfter)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
				.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(
								new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
				.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keys.getPublic()))
				// The CA's key only, as cert-manager (Go's x509) writes it: with the CA
				// certificate's issuer and serial too, a leaf would not chain to the same
				// CA's renewed certificate.
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(certificate().getPublicKey()));
			return new IssuedCertificate(sign(builder, this.self.privateKey()), keys.getPrivate());
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Could not issue a certificate for " + dnsNames[0], ex);
		}
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant notBefore,
			Instant notAfter) {
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(159, RANDOM).add(BigInteger.ONE),
				Date.from(notBefore), Date.from(notAfter), subject, key);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
