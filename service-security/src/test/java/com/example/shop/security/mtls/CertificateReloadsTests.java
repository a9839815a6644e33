package com.example.shop.security.mtls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.platform.ServiceName;
import com.example.shop.security.audit.AuditEvents;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.CapturedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each reload of an SSL bundle is one {@code certificate-reload} audit event naming the
 * bundle and the certificate it now holds; bundles that do not change make none.
 */
class CertificateReloadsTests {

	@TempDir
	Path directory;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CapturedLog log = CapturedLog.of(AuditEvents.LOGGER);

	@AfterEach
	void releaseAuditLog() {
		this.log.close();
	}

	@Test
	void recordWhenBundleReloadedThenEventWithBundleSerialAndExpiry() throws Exception {
		IssuedCertificate renewed = Certificates.issue(ServiceName.PAYMENT_SERVICE);
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("service", bundle("first", Certificates.issue(ServiceName.PAYMENT_SERVICE)));
		registry.registerBundle("other", bundle("other", Certificates.issue(ServiceName.ORDER_SERVICE)));
		CertificateReloads.record(registry, new AuditEvents(this.meters));

		registry.updateBundle("service", bundle("renewed", renewed));

		assertThat(this.log.events()).singleElement().satisfies((event) -> {
			assertThat(CapturedLog.fields(event)).containsEntry("event.action", "certificate-reload")
				.containsEntry("event.category", "configuration")
				.containsEntry("event.outcome", "success")
				.containsEntry("tls.bundle", "service")
				.containsEntry("x509.serial_number", renewed.certificate().getSerialNumber().toString(16))
				.containsEntry("x509.not_after", renewed.certificate().getNotAfter().toInstant().toString());
			assertThat(event.getFormattedMessage()).startsWith("SSL bundle 'service' reloaded: certificate serial "
					+ renewed.certificate().getSerialNumber().toString(16));
		});
		assertThat(AuditCounts.of(this.meters, "certificate-reload", "success", "none")).isEqualTo(1);
	}

	@Test
	void recordWhenTrustOnlyBundleReloadedThenEventWithoutCertificate() {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry("redis", trustOnly());
		CertificateReloads.record(registry, new AuditEvents(this.meters));

		registry.updateBundle("redis", trustOnly());

		assertThat(this.log.events()).singleElement().satisfies((event) -> {
			assertThat(CapturedLog.fields(event)).containsEntry("tls.bundle", "redis")
				.doesNotContainKey("x509.serial_number");
			assertThat(event.getFormattedMessage()).isEqualTo("SSL bundle 'redis' reloaded: trusted certificates only");
		});
		assertThat(AuditCounts.of(this.meters, "certificate-reload", "success", "none")).isEqualTo(1);
	}

	private SslBundle bundle(String name, IssuedCertificate issued) throws IOException {
		return Certificates.bundle(Certificates.tlsDirectory(Files.createDirectories(this.directory.resolve(name)),
				issued, Certificates.pki().ca().certificate()));
	}

	private static SslBundle trustOnly() {
		return SslBundle
			.of(SslStoreBundle.of(null, null, Certificates.trustStore(Certificates.pki().ca().certificate())));
	}

}
