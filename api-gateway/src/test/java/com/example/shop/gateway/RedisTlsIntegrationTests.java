package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.function.Supplier;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.example.shop.testsupport.pki.SecretVolume;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's Redis over TLS (REDIS_SSL_ENABLED, REDIS_CA_FILE), against a real
 * TLS-only Redis: with the CA that signed Redis's certificate and the host's name on it,
 * the rate limiter keeps its buckets there. A certificate of another CA, or for another
 * name, is refused in the handshake: the fail-closed payments route answers 503 and
 * nothing reaches Redis. A CA file replaced in place is trusted by the next connection.
 * One gateway per case, each with a Redis of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// One token a request from a bucket of 100 that lives minutes: the test reads it.
		"shop.rate-limit.payments.replenish-rate=1", "shop.rate-limit.payments.burst-capacity=100" })
@DirtiesContext
class RedisTlsIntegrationTests {

	private static final Duration DAY = Duration.ofDays(1);

	private static final TestPki pki = TestPki.get();

	private static final CertificateAuthority otherCa = CertificateAuthority.create("another CA", DAY);

	// What the JDK client's refusal of a certificate looks like in Redis's log.
	private static final String CERTIFICATE_REFUSED = "alert certificate unknown";

	@Nested
	class TrustedCertificate {

		@RegisterExtension
		static final GatewayUnderTest gateway = withTlsRedis(pki.ca().issue(DAY, TlsRedis.HOST), pki.ca().certificate(),
				RedisTlsIntegrationTests::platformCa);

		@Test
		void paymentsWhenRedisCertificateFromTheCaForItsNameThenBucketKeptInThatRedis() throws Exception {
			TokenResponse alice = ShopKeycloak.get().login(DemoUser.ALICE);

			HttpResponse<String> response = gateway.client().get("/api/payments", alice.accessToken());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
			// The request's token and a lease of nine more for this gateway (a tenth of
			// the
			// bucket): taken from the bucket in that Redis.
			assertThat(gateway.redis().cli("GET", bucket(alice) + ".tokens")).isEqualTo("90");
			assertThat(gateway.redis().cli("EXISTS", bucket(alice) + ".timestamp")).isEqualTo("1");
		}

		@Test
		void plainClientWhenRedisIsTlsOnlyThenNoAnswer() {
			ExecResult plain = gateway.redis().plainCli("PING");

			assertThat(plain.getExitCode()).isNotZero();
			assertThat(plain.getStdout()).doesNotContain("PONG");
			assertThat(gateway.redis().cli("PING")).isEqualTo("PONG");
		}

	}

	@Nested
	class CertificateOfAnotherCa {

		@RegisterExtension
		static final GatewayUnderTest gateway = withTlsRedis(otherCa.issue(DAY, TlsRedis.HOST), otherCa.certificate(),
				RedisTlsIntegrationTests::platformCa);

		@Test
		void paymentsWhenRedisCertificateFromAnotherCaThenRefusedAndNothingWritten() {
			assertRefused(gateway);
		}

	}

	@Nested
	class CertificateForAnotherName {

		@RegisterExtension
		static final GatewayUnderTest gateway = withTlsRedis(pki.ca().issue(DAY, "redis.elsewhere.test"),
				pki.ca().certificate(), RedisTlsIntegrationTests::platformCa);

		@Test
		void paymentsWhenRedisCertificateNamesAnotherHostThenRefusedAndNothingWritten() {
			assertRefused(gateway);
		}

	}

	// As in compose and local runs: a missing CA file must not stop the gateway.
	@Nested
	@Import(RedisTestConfiguration.class)
	class TlsOffWithoutCaFile {

		@RegisterExtension
		static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("payment-service")
			.withProperty("REDIS_CA_FILE", () -> pki.tlsDirectory("no-redis-ca").resolve(PemFiles.CA).toString());

		@Test
		void paymentsWhenTlsOffAndNoCaFileThenLimitedThroughPlainRedis() {
			String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

			HttpResponse<String> response = gateway.client().get("/api/payments", token);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
		}

	}

	@Nested
	class CaFileReplaced {

		// Laid out as the kubelet mounts a ConfigMap or Secret; the gateway reads ca.crt.
		private static final SecretVolume caVolume = SecretVolume.mount(pki.tlsDirectory("redis-ca"),
				otherCa.issue(DAY, "unused"), otherCa.certificate());

		@RegisterExtension
		static final GatewayUnderTest gateway = withTlsRedis(pki.ca().issue(DAY, TlsRedis.HOST), pki.ca().certificate(),
				() -> caVolume.directory().resolve(PemFiles.CA));

		@Test
		void caFileWhenReplacedByTheCaOfRedisThenNextConnectionTrustsIt() throws Exception {
			TokenResponse alice = ShopKeycloak.get().login(DemoUser.ALICE);
			ApiClient client = gateway.client();
			assertThat(client.get("/api/payments", alice.accessToken()).statusCode()).isEqualTo(503);

			caVolume.update(otherCa.issue(DAY, "unused"), pki.ca().certificate());

			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(
						() -> assertThat(client.get("/api/payments", alice.accessToken()).statusCode()).isEqualTo(200));
			assertThat(gateway.redis().cli("EXISTS", bucket(alice) + ".tokens")).isEqualTo("1");
		}

	}

	/**
	 * The gateway of one case, in front of a payment-service stand-in: TLS to a Redis of
	 * its own that presents the given certificate, trusting the given CA file.
	 */
	private static GatewayUnderTest withTlsRedis(IssuedCertificate certificate, X509Certificate ca,
			Supplier<Path> caFile) {
		return GatewayUnderTest.withStandIn("payment-service").withTlsRedis(certificate, ca, caFile);
	}

	private static void assertRefused(GatewayUnderTest gateway) {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		int forwarded = gateway.services().received().size();
		long refusals = refusals(gateway.redis());

		HttpResponse<String> response = gateway.client().get("/api/payments", token);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":503");
		assertThat(gateway.services().received()).hasSize(forwarded);
		assertThat(gateway.redis().cli("DBSIZE")).isEqualTo("0");
		// The gateway ended the handshake over the certificate: Redis logs the alert.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(refusals(gateway.redis())).isGreaterThan(refusals));
	}

	/** How often a client refused this Redis's certificate, by its log. */
	private static long refusals(TlsRedis redis) {
		return redis.logs().lines().filter((line) -> line.contains(CERTIFICATE_REFUSED)).count();
	}

	/** What the keys of a user's bucket on the payments route start with. */
	private static String bucket(TokenResponse user) throws ParseException {
		return "shop.rate-limit.{payments.user:" + user.parsedAccessToken().getJWTClaimsSet().getSubject() + "}";
	}

	private static Path platformCa() {
		return pki.tlsDirectory(ServiceName.GATEWAY).resolve(PemFiles.CA);
	}

}
