package com.example.shop.gateway;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.security.mtls.SubjectAltNameExtractor;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's hop to the services is mutual TLS: it presents its own certificate, sends
 * nothing to a server whose certificate names another service, and presents a renewed
 * certificate on new connections without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import({ RedisTestConfiguration.class, ServiceNamesResolution.class })
class DownstreamMutualTlsIntegrationTests {

	private static final TestPki pki = TestPki.get();

	// A server of the platform CA whose certificate names another service, reached by
	// order-service's name.
	private static final RecordingService misnamedOrderService = RecordingService.startedTls("billing-service",
			pki.ca().issue(Duration.ofDays(1), "billing-service"));

	private static final RecordingService paymentService = RecordingService.startedTls("payment-service",
			pki.ca().issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE));

	@Autowired
	private Environment environment;

	private final ApiClient gateway = ApiClient.localServer(() -> this.environment);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, () -> misnamedOrderService.uri(ServiceName.ORDER_SERVICE).toString(),
				() -> paymentService.uri(ServiceName.PAYMENT_SERVICE).toString());
		// A directory of its own: this test replaces the gateway's certificate.
		registry.add("SHOP_TLS_DIR", () -> pki.newTlsDirectory(ServiceName.GATEWAY, "api-gateway-rotated").toString());
	}

	@AfterAll
	static void stopServices() {
		misnamedOrderService.close();
		paymentService.close();
	}

	@Test
	void requestWhenServiceNamedRightThenGatewayPresentsItsCertificateAndRelaysTheToken() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

		HttpResponse<String> response = this.gateway.get("/api/payments", token);

		assertThat(response.statusCode()).isEqualTo(200);
		RecordingService.Received received = paymentService.received().getLast();
		assertThat(new SubjectAltNameExtractor().extractPrincipal(received.clientCertificate()))
			.isEqualTo(ServiceName.GATEWAY);
		assertThat(received.authorization()).startsWith("Bearer ").isNotEqualTo("Bearer " + token);
	}

	@Test
	void requestWhenServiceCertificateNamesAnotherServiceThenNothingSent() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

		HttpResponse<String> response = this.gateway.get("/api/orders", token);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(misnamedOrderService.received()).isEmpty();
	}

	@Test
	void certificateFilesReplacedThenNewConnectionsPresentTheNewCertificate() {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		IssuedCertificate renewed = pki.ca().issue(Duration.ofDays(1), ServiceName.GATEWAY);
		BigInteger serial = renewed.certificate().getSerialNumber();

		PemFiles.writeTlsDirectory(java.nio.file.Path.of(this.environment.getRequiredProperty("SHOP_TLS_DIR")), renewed,
				pki.ca().certificate());

		// The stand-in closes every connection after its answer: each request is a
		// new one.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(this.gateway.get("/api/payments", token).statusCode()).isEqualTo(200);
			assertThat(paymentService.received().getLast().clientCertificate().getSerialNumber()).isEqualTo(serial);
		});
	}

}
