package com.example.shop.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The development PKI kept in a directory: the platform CA in {@code ca/} and one TLS
 * directory per service ({@code <service>/tls.crt}, {@code tls.key}, {@code ca.crt}).
 * What is missing, about to expire or not issued by the current CA is issued again; what
 * is still good is left alone, so running it at every start-up is cheap.
 */
public final class DevPki {

	/** Service certificates are short-lived, as in the Kubernetes deployment. */
	public static final Duration SERVICE_VALIDITY = Duration.ofDays(7);

	static final Duration CA_VALIDITY = Duration.ofDays(365);

	private static final Integer DNS_NAME = 2;

	private final Path directory;

	private final Duration serviceValidity;

	public DevPki(Path directory, Duration serviceValidity) {
		this.directory = directory;
		this.serviceValidity = serviceValidity;
	}

	/**
	 * Makes sure the CA and each service's certificate are in place and valid for at
	 * least a third of their lifetime.
	 * @param services the services' names, each the DNS name it is reached by
	 * @return what was issued, for the log
	 */
	public List<String> ensure(Collection<String> services) {
		List<String> issued = new ArrayList<>();
		CertificateAuthority ca = loadCa();
		if (ca == null || !validFor(ca.certificate(), this.serviceValidity.multipliedBy(2))) {
			ca = CertificateAuthority.create("shop platform dev CA", CA_VALIDITY);
			PemFiles.writeKey(caDirectory().resolve("ca.key"), ca.self().privateKey());
			PemFiles.writeCertificate(caDirectory().resolve(PemFiles.CA), ca.certificate());
			issued.add("ca");
		}
		for (String service : services) {
			if (!current(service, ca)) {
				PemFiles.writeTlsDirectory(tlsDirectory(service), ca.issue(this.serviceValidity, service),
						ca.certificate());
				issued.add(service);
			}
		}
		return issued;
	}

	public Path tlsDirectory(String service) {
		return this.directory.resolve(service);
	}

	private Path caDirectory() {
		return this.directory.resolve("ca");
	}

	private CertificateAuthority loadCa() {
		Path certificate = caDirectory().resolve(PemFiles.CA);
		Path key = caDirectory().resolve("ca.key");
		if (!Files.isRegularFile(certificate) || !Files.isRegularFile(key)) {
			return null;
		}
		return CertificateAuthority
			.of(new IssuedCertificate(PemFiles.readCertificate(certificate), PemFiles.readKey(key)));
	}

	private boolean current(String service, CertificateAuthority ca) {
		Path tls = tlsDirectory(service);
		if (!Files.isRegularFile(tls.resolve(PemFiles.CERTIFICATE))
				|| !Files.isRegularFile(tls.resolve(PemFiles.PRIVATE_KEY))
				|| !Files.isRegularFile(tls.resolve(PemFiles.CA))) {
			return false;
		}
		X509Certificate certificate = PemFiles.readCertificate(tls.resolve(PemFiles.CERTIFICATE));
		try {
			certificate.verify(ca.certificate().getPublicKey());
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
		return PemFiles.readCertificate(tls.resolve(PemFiles.CA)).equals(ca.certificate())
				&& namesOnly(certificate, service) && validFor(certificate, this.serviceValidity.dividedBy(3));
	}

	private static boolean validFor(X509Certificate certificate, Duration time) {
		return certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(time));
	}

	/**
	 * Whether a certificate names the service, and nothing else, as this PKI issues it.
	 */
	private static boolean namesOnly(X509Certificate certificate, String service) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			return names != null && List.copyOf(names).equals(List.of(List.of(DNS_NAME, service)));
		}
		catch (CertificateParsingException ex) {
			return false;
		}
	}

}
