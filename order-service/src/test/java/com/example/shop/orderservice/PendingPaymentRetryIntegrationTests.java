package com.example.shop.orderservice;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.shop.orderservice.order.OrderService;
import com.example.shop.orderservice.order.OrderStatus;
import com.example.shop.orderservice.order.OrderView;
import com.example.shop.orderservice.order.PlaceOrderRequest;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.security.mtls.ClientTls;
import com.example.shop.testsupport.containers.Containers;
import com.example.shop.testsupport.containers.PostgresTestConfiguration;
import com.example.shop.testsupport.http.Prometheus;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service against a payment-service of its own whose certificate, availability and
 * peer certificate change while both run: a server certificate that names another service
 * gets nothing sent to it; orders left pending are paid exactly once by the retry job
 * with order-service's own token when payment-service is back; a replaced client
 * certificate is used by the next connection, without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "shop.payment-retry.interval=1s", "shop.payment-retry.min-age=2s" })
@Import(PostgresTestConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PendingPaymentRetryIntegrationTests {

	private static final TestPki pki = TestPki.get();

	private static final PlaceOrderRequest ONE_MUG = new PlaceOrderRequest(
			List.of(new PlaceOrderRequest.Item("MUG-001", 1)));

	// payment-service starts with a certificate of the platform CA naming another
	// service: what an impostor, or a misrouted address, would present.
	private static final Path paymentTls = pki.newTlsDirectory("billing-service", "payment-service-misnamed");

	private static final Path orderTls = pki.newTlsDirectory(ServiceName.ORDER_SERVICE, "order-service-rotated");

	private static final List<UUID> pending = new ArrayList<>();

	private static TokenResponse alice;

	private static String aliceSub;

	@Autowired
	private OrderService orders;

	@Autowired
	private ClientTls clientTls;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ShopKeycloak.get().registerProperties(registry);
		registry.add("SHOP_TLS_DIR", orderTls::toString);
		registry.add("SHOP_TLS_RELOAD_QUIET_PERIOD", () -> "1s");
		registry.add("shop.payment-service.url", () -> Own.PAYMENT.url().toString());
	}

	@BeforeAll
	static void logIn() throws Exception {
		alice = ShopKeycloak.get().tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT);
		aliceSub = alice.parsedAccessToken().getJWTClaimsSet().getSubject();
	}

	@Test
	@Order(1)
	void placeWhenPaymentServiceCertificateNamesAnotherServiceThenNothingSentAndPending() throws Exception {
		OrderView order = place();

		assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(paymentRows()).isEmpty();
		assertThat(
				Prometheus.sum(Own.PAYMENT.process().managementUrl(), "shop_tls_inbound_connections_total", "caller="))
			.as("requests that reached payment-service")
			.isZero();
		pending.add(order.orderId());
	}

	@Test
	@Order(2)
	void placeWhenPaymentServiceDownThenPending() throws Exception {
		Own.PAYMENT.process().stop();

		for (int i = 0; i < 2; i++) {
			OrderView order = place();
			assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
			pending.add(order.orderId());
		}
		assertThat(statuses()).containsOnly("PENDING_PAYMENT");
		// What the alert on waiting payments reads: the oldest has waited since the
		// first test.
		assertThat(Prometheus.sum(management(), "shop_orders_pending_oldest_age_seconds", "")).isPositive();
	}

	@Test
	@Order(3)
	void retryWhenPaymentServiceBackThenEachPendingOrderPaidOnceWithTheServiceToken() throws Exception {
		PemFiles.writeTlsDirectory(paymentTls, pki.ca().issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE),
				pki.ca().certificate());
		Own.PAYMENT.process().restart();

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(statuses()).containsOnly("CONFIRMED").hasSize(pending.size()));
		assertThat(Prometheus.sum(management(), "shop_orders_pending_oldest_age_seconds", "")).isZero();
		List<List<String>> rows = paymentRows();
		assertThat(rows).hasSize(pending.size());
		for (UUID order : pending) {
			assertThat(rows).containsOnlyOnce(
					List.of(order.toString(), aliceSub, "AUTHORIZED", ServiceName.ORDER_SERVICE, "order-service"));
		}
	}

	@Test
	@Order(4)
	void clientCertificateReplacedThenTheNextConnectionPresentsItWithoutRestart() throws Exception {
		// A certificate of the right CA for the wrong service: payment-service refuses it
		// on /internal/**, which shows it is the one presented.
		replaceClientCertificate(pki.ca().issue(Duration.ofDays(1), ServiceName.GATEWAY));

		OrderView refused = place();

		assertThat(refused.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(paymentRows()).extracting((row) -> row.get(0)).doesNotContain(refused.orderId().toString());
		assertThat(Files.readString(Own.PAYMENT.log()))
			.contains("Refused caller api-gateway on POST /internal/payments");

		replaceClientCertificate(pki.ca().issue(Duration.ofDays(1), ServiceName.ORDER_SERVICE));

		assertThat(place().status()).isEqualTo(OrderStatus.CONFIRMED);
	}

	private static final class Own {

		static final PaymentServiceProcess PAYMENT = PaymentServiceProcess.startWith(paymentTls);

	}

	/** order-service's own metrics, as Prometheus scrapes them. */
	private URI management() {
		return URI.create("http://localhost:" + this.environment.getRequiredProperty("local.management.port"));
	}

	private void replaceClientCertificate(IssuedCertificate certificate) {
		BigInteger serial = certificate.certificate().getSerialNumber();
		PemFiles.writeTlsDirectory(orderTls, certificate, pki.ca().certificate());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> serial.equals(this.clientTls.certificate().getSerialNumber()));
	}

	private OrderView place() {
		return this.orders.place(aliceSub, received(alice), ONE_MUG, null).order();
	}

	/** A token as order-service's resource server hands it to the controller. */
	private static Jwt received(TokenResponse tokens) {
		try {
			var claims = tokens.parsedAccessToken().getJWTClaimsSet();
			return Jwt.withTokenValue(tokens.accessToken())
				.header("alg", "RS256")
				.subject(claims.getSubject())
				.issuedAt(claims.getIssueTime().toInstant())
				.expiresAt(claims.getExpirationTime().toInstant())
				.build();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> statuses() {
		return pending.stream()
			.map((id) -> this.jdbc.queryForObject("SELECT status FROM orders WHERE public_id = ?", String.class, id))
			.toList();
	}

	private static List<List<String>> paymentRows() {
		return Containers.rows(Own.PAYMENT.database(),
				"SELECT order_id::text, owner_sub, status, caller_service, token_client FROM payments");
	}

}
