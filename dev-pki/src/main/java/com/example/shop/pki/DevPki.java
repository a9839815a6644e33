package com.example.shop.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
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
		if (rotationInProgress()) {
			// Half a rotation is a state of its own: renewing here would undo it.
			return issued;
		}
		CertificateAuthority ca = loadCa(caDirectory());
		if (ca == null || !validFor(ca.certificate(), this.serviceValidity.multipliedBy(2))) {
			ca = CertificateAuthority.create("shop platform dev CA", CA_VALIDITY);
			writeCa(caDirectory(), ca);
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

	/**
	 * One step of the rotation to a CA with a new key. Run the steps in order, each once
	 * every service has reloaded the files of the step before: at each step every
	 * certificate in use chains to a CA every service trusts, before and after the step.
	 * @param step the step
	 * @param services the services' names
	 * @return what was written, for the log
	 * @throws IllegalStateException when the step before has not been run
	 */
	public List<String> rotateCa(CaRotation step, Collection<String> services) {
		CertificateAuthority current = loadCa(caDirectory());
		if (current == null) {
			throw new IllegalStateException("No CA to rotate in " + caDirectory());
		}
		CertificateAuthority next = loadCa(nextCaDirectory());
		if (next == null && step != CaRotation.TRUST_BOTH) {
			throw new IllegalStateException("No new CA in " + nextCaDirectory() + ": run trust-both first");
		}
		List<String> written = new ArrayList<>();
		switch (step) {
			case TRUST_BOTH -> {
				if (next == null) {
					next = CertificateAuthority.create("shop platform dev CA " + Instant.now().getEpochSecond(),
							CA_VALIDITY);
					writeCa(nextCaDirectory(), next);
					written.add("ca/next");
				}
				for (String service : services) {
					PemFiles.writeCertificates(tlsDirectory(service).resolve(PemFiles.CA),
							List.of(current.certificate(), next.certificate()));
					written.add(service + "/" + PemFiles.CA);
				}
			}
			case REISSUE -> {
				for (String service : services) {
					if (!trusts(service, next)) {
						throw new IllegalStateException(service + " does not trust the new CA yet: run trust-both");
					}
					PemFiles.writeTlsDirectory(tlsDirectory(service), next.issue(this.serviceValidity, service),
							List.of(current.certificate(), next.certificate()));
					written.add(service);
				}
			}
			case TRUST_NEW_ONLY -> {
				for (String service : services) {
					if (!issuedBy(PemFiles.readCertificate(tlsDirectory(service).resolve(PemFiles.CERTIFICATE)),
							next)) {
						throw new IllegalStateException(service + " has no certificate of the new CA yet: run reissue");
					}
				}
				for (String service : services) {
					PemFiles.writeCertificate(tlsDirectory(service).resolve(PemFiles.CA), next.certificate());
					written.add(service + "/" + PemFiles.CA);
				}
				writeCa(caDirectory(), next);
				deleteCa(nextCaDirectory());
				written.add("ca");
			}
		}
		return written;
	}

	/**
	 * Whether a rotation has begun ({@code ca/next} holds a CA) and not ended.
	 * @return whether one is in progress
	 */
	public boolean rotationInProgress() {
		return loadCa(nextCaDirectory()) != null;
	}

	public Path tlsDirectory(String service) {
		return this.directory.resolve(service);
	}

	private Path caDirectory() {
		return this.directory.resolve("ca");
	}

	private Path nextCaDirectory() {
		return caDirectory().resolve("next");
	}

	private static void writeCa(Path directory, CertificateAuthority ca) {
		PemFiles.writeKey(directory.resolve("ca.key"), ca.self().privateKey());
		PemFiles.writeCertificate(directory.resolve(PemFiles.CA), ca.certificate());
	}

	private static void deleteCa(Path directory) {
		try {
			Files.deleteIfExists(directory.resolve(PemFiles.CA));
			Files.deleteIfExists(directory.resolve("ca.key"));
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean trusts(String service, CertificateAuthority ca) {
		Path trust = tlsDirectory(service).resolve(PemFiles.CA);
		return Files.isRegularFile(trust) && PemFiles.readCertificates(trust).contains(ca.certificate());
	}

	private static boolean issuedBy(X509Certificate certificate, CertificateAuthority ca) {
		try {
			certificate.verify(ca.certificate().getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static CertificateAuthority loadCa(Path directory) {
		Path certificate = directory.resolve(PemFiles.CA);
		Path key = directory.resolve("ca.key");
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
		if (!issuedBy(certificate, ca)) {
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

	/**
	 * The steps of a rotation to a CA with a new key ({@link #rotateCa}).
	 */
	public enum CaRotation {

		/**
		 * A new CA is made in {@code ca/next}; every service trusts the current and the
		 * new.
		 */
		TRUST_BOTH,

		/**
		 * Every service's certificate is issued again, by the new CA; both are still
		 * trusted.
		 */
		REISSUE,

		/** The new CA becomes the CA, and every service trusts it alone. */
		TRUST_NEW_ONLY

	}

}
