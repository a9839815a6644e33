package com.example.shop.paymentservice;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.pki.TlsProbe;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * payment-service's mutual TLS with real handshakes and certificates made by the test:
 * who may connect at all, which service may call which path, and certificates replaced on
 * disk while it runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(PostgresTestConfiguration.class)
class MutualTlsIntegrationTests {

	private static final ShopKeycloak keycloak = ShopKeycloak.get();

	private static final TestPki pki = TestPki.get();

	private static TokenResponse alice;

	private final ApiClient asGateway = ApiClient.asService(this::server, ServiceName.GATEWAY);

	private final ApiClient asOrderService = ApiClient.asService(this::server, ServiceName.ORDER_SERVICE);

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		keycloak.registerProperties(registry);
		pki.registerTlsDirectory(registry, ServiceName.PAYMENT_SERVICE);
	}

	@BeforeAll
	static void logIn() {
		// As order-service sends it: alice's token for order-service, exchanged by
		// order-service for payment-service.
		alice = keycloak
			.paymentTokenOf(keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken());
	}

	@Test
	void handshakeWhenPlatformCertificateThenAnswered() throws IOException {
		assertThat(TlsProbe.statusLine(server(), pki.clientContext(ServiceName.GATEWAY), "/api/payments"))
			.startsWith("HTTP/1.1 401");
	}

	@Test
	void handshakeWhenNoClientCertificateThenRefused() {
		assertRefused(TestPki.clientContext(null, pki.ca().certificate()));
	}

	@Test
	void handshakeWhenCertificateFromAnotherCaThenRefused() {
		CertificateAuthority other = CertificateAuthority.create("another CA", Duration.ofDays(1));

		assertRefused(
				TestPki.clientContext(other.issue(Duration.ofDays(1), ServiceName.GATEWAY), pki.ca().certificate()));
	}

	@Test
	void handshakeWhenCertificateExpiredThenRefused() {
		IssuedCertificate expired = pki.ca()
			.issue(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)),
					ServiceName.GATEWAY);

		assertRefused(TestPki.clientContext(expired, pki.ca().certificate()));
	}

	@Test
	void helloWhenTls11ThenProtocolVersionAlertWhenTls12ThenServerHello() throws IOException {
		// 70 is protocol_version (RFC 8446, 6.2): refused for its version, not
		// its suites.
		assertThat(TlsProbe.answerToClientHello(server(), 0x0302)).isEqualTo("alert:70");
		assertThat(TlsProbe.answerToClientHello(server(), 0x0303)).isEqualTo("server-hello");
	}

	@Test
	void internalWhenGatewayCertificateThenForbiddenAndNoPayment() {
		UUID order = UUID.randomUUID();

		HttpResponse<String> response = authorize(this.asGateway, alice.accessToken(), order, null);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("The calling service may not call this path.");
		assertThat(paymentsFor(order)).isZero();
		// The control: the same request from order-service's certificate is paid.
		assertThat(authorize(this.asOrderService, alice.accessToken(), order, null).statusCode()).isEqualTo(201);
		assertThat(paymentsFor(order)).isOne();
	}

	@Test
	void internalWhenUsersTokenFromOrderServiceThenRecordsUserAndCaller() throws Exception {
		UUID order = UUID.randomUUID();

		assertThat(authorize(this.asOrderService, alice.accessToken(), order, null).statusCode()).isEqualTo(201);

		assertRecordedForAlice(order, ShopRealm.ORDER_SERVICE_CLIENT);
	}

	@Test
	void internalWhenOrderServiceOwnTokenThenChargedForTheNamedCustomerOnlyOverItsCertificate() throws Exception {
		String serviceToken = keycloak.serviceToken(ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		UUID order = UUID.randomUUID();

		assertThat(authorize(this.asGateway, serviceToken, order, aliceSub()).statusCode()).isEqualTo(403);
		assertThat(this.asGateway.get("/api/payments", serviceToken).statusCode()).isEqualTo(403);
		assertThat(authorize(this.asOrderService, serviceToken, order, null).statusCode()).isEqualTo(400);
		assertThat(paymentsFor(order)).isZero();

		assertThat(authorize(this.asOrderService, serviceToken, order, aliceSub()).statusCode()).isEqualTo(201);
		assertRecordedForAlice(order, ShopRealm.ORDER_SERVICE_CLIENT);
	}

	@Test
	void certificateFilesReplacedThenNewConnectionsGetTheNewCertificateWithoutRestart() throws IOException {
		SSLContext client = pki.clientContext(ServiceName.GATEWAY);
		BigInteger before = TlsProbe.serverCertificate(server(), client).getSerialNumber();
		IssuedCertificate renewed = pki.ca().issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE);

		PemFiles.writeTlsDirectory(pki.tlsDirectory(ServiceName.PAYMENT_SERVICE), renewed, pki.ca().certificate());

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(TlsProbe.serverCertificate(server(), client).getSerialNumber())
				.isEqualTo(renewed.certificate().getSerialNumber())
				.isNotEqualTo(before));
		assertThat(TlsProbe.statusLine(server(), client, "/api/payments")).startsWith("HTTP/1.1 401");
	}

	private void assertRefused(SSLContext client) {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TlsProbe.statusLine(server(), client, "/api/payments"));
	}

	private HttpResponse<String> authorize(ApiClient client, String token, UUID order, String customer) {
		String customerField = (customer != null) ? ",\"customerId\":\"" + customer + "\"" : "";
		return client.post("/internal/payments", token, Map.of("Idempotency-Key", "key-" + UUID.randomUUID()),
				"{\"orderId\":\"" + order + "\",\"amount\":\"12.00\",\"currency\":\"EUR\"" + customerField + "}");
	}

	/**
	 * The payment is alice's, asked for by order-service, with a token of the given
	 * client.
	 */
	private void assertRecordedForAlice(UUID order, String tokenClient) throws Exception {
		assertThat(this.jdbc
			.queryForMap("SELECT owner_sub, caller_service, token_client FROM payments WHERE order_id = ?", order))
			.containsEntry("owner_sub", aliceSub())
			.containsEntry("caller_service", ServiceName.ORDER_SERVICE)
			.containsEntry("token_client", tokenClient);
	}

	private long paymentsFor(UUID order) {
		return this.jdbc.queryForObject("SELECT count(*) FROM payments WHERE order_id = ?", Long.class, order);
	}

	private static String aliceSub() throws Exception {
		return alice.parsedAccessToken().getJWTClaimsSet().getSubject();
	}

	private URI server() {
		return URI.create("https://" + ServiceName.PAYMENT_SERVICE + ":"
				+ this.environment.getRequiredProperty("local.server.port"));
	}

}
