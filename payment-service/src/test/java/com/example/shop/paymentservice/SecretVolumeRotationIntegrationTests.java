package com.example.shop.paymentservice;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.StructuredLogs;
import com.example.shop.testsupport.pki.SecretVolume;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.pki.TlsProbe;
import com.example.shop.testsupport.platform.ServiceName;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate rotation as it happens in Kubernetes: cert-manager renews the Secret, the
 * kubelet swaps the mounted volume's {@code ..data} link, and payment-service serves the
 * new certificate without a restart, renewal after renewal (a watcher that follows only
 * the first swap would pass a single-rotation test).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "logging.config=classpath:logback-structured-test.xml" })
@Import(PostgresTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class SecretVolumeRotationIntegrationTests {

	private static final TestPki pki = TestPki.get();

	private static final SecretVolume volume = mountSecret();

	@Autowired
	private Environment environment;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ShopKeycloak.get().registerProperties(registry);
		registry.add("SHOP_TLS_DIR", () -> volume.directory().toString());
		registry.add("SHOP_TLS_RELOAD_QUIET_PERIOD", () -> "1s");
	}

	@Test
	void secretRenewedThreeTimesThenEachNewCertificateServedWithoutRestartAndEachReloadAudited(CapturedOutput output)
			throws IOException {
		SSLContext client = pki.clientContext(ServiceName.GATEWAY);
		BigInteger first = TlsProbe.serverCertificate(server(), client).getSerialNumber();

		for (int renewal = 1; renewal <= 3; renewal++) {
			IssuedCertificate renewed = pki.ca().issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE);
			volume.update(renewed, pki.ca().certificate());

			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(TlsProbe.serverCertificate(server(), client).getSerialNumber())
					.as("served after renewal")
					.isEqualTo(renewed.certificate().getSerialNumber())
					.isNotEqualTo(first));
			// The audit event that tells operators which certificate the service now
			// holds; Boot may reload a swap more than once, never less.
			String serial = renewed.certificate().getSerialNumber().toString(16);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(StructuredLogs.withField(output.getOut(), "x509.serial_number", serial))
					.isNotEmpty()
					.allSatisfy((event) -> assertThat(event).containsEntry("event.action", "certificate-reload")
						.containsEntry("tls.bundle", "service")));
			assertThat(AuditCounts.of(this.meters, "certificate-reload", "success", "none"))
				.isGreaterThanOrEqualTo(renewal);
		}
		assertThat(TlsProbe.statusLine(server(), client, "/api/payments")).startsWith("HTTP/1.1 401");
	}

	private static SecretVolume mountSecret() {
		try {
			Path directory = Files.createTempDirectory("payment-service-tls");
			return SecretVolume.mount(directory, pki.ca().issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE),
					pki.ca().certificate());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private URI server() {
		return URI.create("https://" + ServiceName.PAYMENT_SERVICE + ":"
				+ this.environment.getRequiredProperty("local.server.port"));
	}

}
