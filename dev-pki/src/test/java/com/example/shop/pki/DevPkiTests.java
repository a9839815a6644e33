package com.example.shop.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DevPkiTests {

	@TempDir
	Path directory;

	@Test
	void ensureWhenEmptyThenIssuesCaAndOneCertificatePerService() throws Exception {
		List<String> issued = new DevPki(this.directory, Duration.ofDays(7))
			.ensure(List.of("order-service", "payment-service"));

		assertThat(issued).containsExactly("ca", "order-service", "payment-service");
		Path tls = this.directory.resolve("order-service");
		X509Certificate certificate = PemFiles.readCertificate(tls.resolve("tls.crt"));
		X509Certificate ca = PemFiles.readCertificate(tls.resolve("ca.crt"));
		validate(certificate, ca);
		assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "order-service"));
		assertThat(certificate.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1",
				"1.3.6.1.5.5.7.3.2");
		assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
		assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant()))
			.isLessThanOrEqualTo(Duration.ofDays(7));
		assertThat(ca.getBasicConstraints()).isZero();
		assertThat(Files.getPosixFilePermissions(tls.resolve("tls.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(this.directory.resolve("ca/ca.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertKeyMatches(tls);
	}

	@Test
	void ensureWhenEverythingValidThenIssuesNothing() {
		DevPki pki = new DevPki(this.directory, Duration.ofDays(7));
		pki.ensure(List.of("order-service"));
		X509Certificate before = PemFiles.readCertificate(this.directory.resolve("order-service/tls.crt"));

		assertThat(pki.ensure(List.of("order-service"))).isEmpty();
		assertThat(PemFiles.readCertificate(this.directory.resolve("order-service/tls.crt"))).isEqualTo(before);
	}

	@Test
	void ensureWhenCertificateMissingOrForeignThenReissuesOnlyThatOne() throws Exception {
		DevPki pki = new DevPki(this.directory, Duration.ofDays(7));
		pki.ensure(List.of("order-service", "payment-service"));
		Files.delete(this.directory.resolve("order-service/tls.key"));
		CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1));
		PemFiles.writeTlsDirectory(this.directory.resolve("payment-service"),
				other.issue(Duration.ofDays(7), "payment-service"), other.certificate());

		assertThat(pki.ensure(List.of("order-service", "payment-service"))).containsExactly("order-service",
				"payment-service");
		X509Certificate ca = PemFiles.readCertificate(this.directory.resolve("ca/ca.crt"));
		validate(PemFiles.readCertificate(this.directory.resolve("payment-service/tls.crt")), ca);
		assertKeyMatches(this.directory.resolve("order-service"));
	}

	@Test
	void ensureWhenLessThanAThirdOfLifetimeLeftThenRenews() {
		DevPki pki = new DevPki(this.directory, Duration.ofDays(3));
		pki.ensure(List.of("order-service"));
		CertificateAuthority ca = CertificateAuthority
			.of(new IssuedCertificate(PemFiles.readCertificate(this.directory.resolve("ca/ca.crt")),
					PemFiles.readKey(this.directory.resolve("ca/ca.key"))));
		PemFiles.writeTlsDirectory(this.directory.resolve("order-service"),
				ca.issue(Duration.ofHours(23), "order-service"), ca.certificate());

		assertThat(pki.ensure(List.of("order-service"))).containsExactly("order-service");
	}

	@Test
	void issueWhenExpiredThenPkixValidationFails() {
		CertificateAuthority ca = CertificateAuthority.create("test", Duration.ofDays(1));
		IssuedCertificate expired = ca.issue(Instant.now().minus(Duration.ofDays(2)),
				Instant.now().minus(Duration.ofDays(1)), "order-service");

		assertThatExceptionOfType(CertPathValidatorException.class)
			.isThrownBy(() -> validate(expired.certificate(), ca.certificate()));
	}

	@Test
	void issueWhenNameIsAnIpAddressThenIpAddressName() throws Exception {
		CertificateAuthority ca = CertificateAuthority.create("test", Duration.ofDays(1));

		X509Certificate certificate = ca.issue(Duration.ofDays(1), "172.17.0.1", "redis").certificate();

		// 7 is iPAddress, 2 dNSName: a client checks an address only against the former.
		assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "172.17.0.1"),
				List.of(2, "redis"));
	}

	@Test
	void renewWhenKeyKeptThenLeavesOfEitherCertificateChainToBoth() throws Exception {
		CertificateAuthority before = CertificateAuthority.create("test", Duration.ofDays(1));
		CertificateAuthority after = before.renew(Duration.ofDays(2));
		IssuedCertificate old = before.issue(Duration.ofDays(1), "order-service");
		IssuedCertificate fresh = after.issue(Duration.ofDays(1), "payment-service");

		assertThat(after.certificate().getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber());
		assertThat(after.certificate().getPublicKey()).isEqualTo(before.certificate().getPublicKey());
		validate(old.certificate(), after.certificate());
		validate(fresh.certificate(), before.certificate());
	}

	/**
	 * The property that makes the rotation safe while the services reload one by one:
	 * during each step, a service that has its files of before the step and one that has
	 * those of after it still accept each other's certificate.
	 */
	@Test
	void rotateCaWhenRunStepByStepThenEveryCertificateInUseChainsToEveryTrustBeforeAndAfterEachStep() throws Exception {
		DevPki pki = new DevPki(this.directory, DevPki.SERVICE_VALIDITY);
		pki.ensure(SERVICES);
		X509Certificate oldCa = PemFiles.readCertificate(this.directory.resolve("ca/ca.crt"));
		List<Snapshot> states = new ArrayList<>(List.of(snapshot()));

		assertThat(pki.rotateCa(DevPki.CaRotation.TRUST_BOTH, SERVICES)).contains("ca/next");
		states.add(snapshot());
		assertThat(pki.rotationInProgress()).isTrue();
		assertThat(pki.rotateCa(DevPki.CaRotation.REISSUE, SERVICES)).containsAll(SERVICES);
		states.add(snapshot());
		assertThat(pki.rotateCa(DevPki.CaRotation.TRUST_NEW_ONLY, SERVICES)).contains("ca");
		states.add(snapshot());

		for (int step = 1; step < states.size(); step++) {
			for (Snapshot before : List.of(states.get(step - 1), states.get(step))) {
				for (Snapshot after : List.of(states.get(step - 1), states.get(step))) {
					for (String client : SERVICES) {
						for (String server : SERVICES) {
							validate(before.certificates().get(client), after.trust().get(server));
						}
					}
				}
			}
		}
		X509Certificate newCa = PemFiles.readCertificate(this.directory.resolve("ca/ca.crt"));
		assertThat(newCa).isNotEqualTo(oldCa);
		assertThat(newCa.getPublicKey()).isNotEqualTo(oldCa.getPublicKey());
		assertThat(states.get(3).trust().get("order-service")).containsExactly(newCa);
		assertThat(pki.rotationInProgress()).isFalse();
		assertThat(this.directory.resolve("ca/next")).doesNotExist();
		for (String service : SERVICES) {
			assertKeyMatches(this.directory.resolve(service));
		}
		// The start-up step finds everything current again.
		assertThat(pki.ensure(SERVICES)).isEmpty();
	}

	@Test
	void rotateCaWhenStepSkippedThenRefusedAndNothingWritten() throws Exception {
		DevPki pki = new DevPki(this.directory, DevPki.SERVICE_VALIDITY);
		pki.ensure(SERVICES);
		Snapshot before = snapshot();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> pki.rotateCa(DevPki.CaRotation.REISSUE, SERVICES));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> pki.rotateCa(DevPki.CaRotation.TRUST_NEW_ONLY, SERVICES));
		assertThat(snapshot()).isEqualTo(before);

		pki.rotateCa(DevPki.CaRotation.TRUST_BOTH, SERVICES);
		Snapshot trustingBoth = snapshot();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> pki.rotateCa(DevPki.CaRotation.TRUST_NEW_ONLY, SERVICES));
		assertThat(snapshot()).isEqualTo(trustingBoth);
	}

	@Test
	void ensureWhenRotationInProgressThenNothingChanged() throws Exception {
		DevPki pki = new DevPki(this.directory, DevPki.SERVICE_VALIDITY);
		pki.ensure(SERVICES);
		pki.rotateCa(DevPki.CaRotation.TRUST_BOTH, SERVICES);
		pki.rotateCa(DevPki.CaRotation.REISSUE, SERVICES);
		Snapshot halfway = snapshot();

		assertThat(pki.ensure(SERVICES)).isEmpty();
		assertThat(snapshot()).isEqualTo(halfway);
	}

	private static final List<String> SERVICES = List.of("api-gateway", "order-service", "payment-service");

	private Snapshot snapshot() {
		Map<String, X509Certificate> certificates = new HashMap<>();
		Map<String, List<X509Certificate>> trust = new HashMap<>();
		for (String service : SERVICES) {
			certificates.put(service, PemFiles.readCertificate(this.directory.resolve(service).resolve("tls.crt")));
			trust.put(service, PemFiles.readCertificates(this.directory.resolve(service).resolve("ca.crt")));
		}
		return new Snapshot(certificates, trust);
	}

	/**
	 * Every service's certificate and trusted CAs at one moment.
	 */
	private record Snapshot(Map<String, X509Certificate> certificates, Map<String, List<X509Certificate>> trust) {
	}

	private static void validate(X509Certificate certificate, List<X509Certificate> cas) throws Exception {
		Set<TrustAnchor> anchors = new HashSet<>();
		cas.forEach((ca) -> anchors.add(new TrustAnchor(ca, null)));
		PKIXParameters parameters = new PKIXParameters(anchors);
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
	}

	private static void validate(X509Certificate certificate, X509Certificate ca) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
	}

	private static void assertKeyMatches(Path tls) throws Exception {
		byte[] data = "proof of possession".getBytes();
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(PemFiles.readKey(tls.resolve("tls.key")));
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(PemFiles.readCertificate(tls.resolve("tls.crt")));
		verifier.update(data);
		assertThat(verifier.verify(signature)).isTrue();
	}

}
