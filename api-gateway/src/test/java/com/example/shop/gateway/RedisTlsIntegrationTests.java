package com.example.shop.gateway;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.function.Supplier;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.containers.RedisTestConfiguration;
import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.example.shop.testsupport.pki.SecretVolume;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

	// Where the gateway reaches the containers (a name, or an address when the tests run
	// in a container themselves); the right certificate names it.
	private static final String REDIS_HOST = DockerClientFactory.instance().dockerHostIpAddress();

	// What the JDK client's refusal of a certificate looks like in Redis's log.
	private static final String CERTIFICATE_REFUSED = "alert certificate unknown";

	// Not an extension: each nested class would stop it after its own tests.
	private static final RecordingService paymentService = RecordingService.started("payment-service");

	@AfterAll
	static void stopPaymentService() {
		paymentService.close();
	}

	@Nested
	class TrustedCertificate {

		@RegisterExtension
		static final TlsRedis redis = TlsRedis.started(pki.ca().issue(DAY, REDIS_HOST), pki.ca().certificate());

		@Autowired
		private Environment environment;

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			register(registry, redis, RedisTlsIntegrationTests::platformCa);
		}

		@Test
		void paymentsWhenRedisCertificateFromTheCaForItsNameThenBucketKeptInThatRedis() throws Exception {
			TokenResponse alice = ShopKeycloak.get().login(DemoUser.ALICE);

			HttpResponse<String> response = gateway(this.environment).get("/api/payments", alice.accessToken());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
			assertThat(redis.cli("GET", bucket(alice) + ".tokens")).isEqualTo("99");
			assertThat(redis.cli("EXISTS", bucket(alice) + ".timestamp")).isEqualTo("1");
		}

		@Test
		void plainClientWhenRedisIsTlsOnlyThenNoAnswer() {
			ExecResult plain = redis.plainCli("PING");

			assertThat(plain.getExitCode()).isNotZero();
			assertThat(plain.getStdout()).doesNotContain("PONG");
			assertThat(redis.cli("PING")).isEqualTo("PONG");
		}

	}

	@Nested
	class CertificateOfAnotherCa {

		@RegisterExtension
		static final TlsRedis redis = TlsRedis.started(otherCa.issue(DAY, REDIS_HOST), otherCa.certificate());

		@Autowired
		private Environment environment;

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			register(registry, redis, RedisTlsIntegrationTests::platformCa);
		}

		@Test
		void paymentsWhenRedisCertificateFromAnotherCaThenRefusedAndNothingWritten() {
			assertRefused(redis, gateway(this.environment));
		}

	}

	@Nested
	class CertificateForAnotherName {

		@RegisterExtension
		static final TlsRedis redis = TlsRedis.started(pki.ca().issue(DAY, "redis.elsewhere.test"),
				pki.ca().certificate());

		@Autowired
		private Environment environment;

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			register(registry, redis, RedisTlsIntegrationTests::platformCa);
		}

		@Test
		void paymentsWhenRedisCertificateNamesAnotherHostThenRefusedAndNothingWritten() {
			assertRefused(redis, gateway(this.environment));
		}

	}

	// As in compose and local runs: a missing CA file must not stop the gateway.
	@Nested
	@Import(RedisTestConfiguration.class)
	class TlsOffWithoutCaFile {

		@Autowired
		private Environment environment;

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			GatewayTestProperties.register(registry, paymentService);
			registry.add("REDIS_CA_FILE", () -> pki.tlsDirectory("no-redis-ca").resolve(PemFiles.CA).toString());
		}

		@Test
		void paymentsWhenTlsOffAndNoCaFileThenLimitedThroughPlainRedis() {
			String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();

			HttpResponse<String> response = gateway(this.environment).get("/api/payments", token);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
		}

	}

	@Nested
	class CaFileReplaced {

		@RegisterExtension
		static final TlsRedis redis = TlsRedis.started(pki.ca().issue(DAY, REDIS_HOST), pki.ca().certificate());

		// Laid out as the kubelet mounts a ConfigMap or Secret; the gateway reads ca.crt.
		private static final SecretVolume caVolume = SecretVolume.mount(pki.tlsDirectory("redis-ca"),
				otherCa.issue(DAY, "unused"), otherCa.certificate());

		@Autowired
		private Environment environment;

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			register(registry, redis, () -> caVolume.directory().resolve(PemFiles.CA));
		}

		@Test
		void caFileWhenReplacedByTheCaOfRedisThenNextConnectionTrustsIt() throws Exception {
			TokenResponse alice = ShopKeycloak.get().login(DemoUser.ALICE);
			ApiClient gateway = gateway(this.environment);
			assertThat(gateway.get("/api/payments", alice.accessToken()).statusCode()).isEqualTo(503);

			caVolume.update(otherCa.issue(DAY, "unused"), pki.ca().certificate());

			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(gateway.get("/api/payments", alice.accessToken()).statusCode())
					.isEqualTo(200));
			assertThat(redis.cli("EXISTS", bucket(alice) + ".tokens")).isEqualTo("1");
		}

	}

	/**
	 * The gateway of one case: TLS to the given Redis, trusting the given CA file.
	 */
	private static void register(DynamicPropertyRegistry registry, TlsRedis redis, Supplier<Path> caFile) {
		GatewayTestProperties.register(registry, paymentService);
		registry.add("REDIS_SSL_ENABLED", () -> "true");
		registry.add("REDIS_HOST", () -> REDIS_HOST);
		registry.add("REDIS_PORT", redis::port);
		registry.add("REDIS_CA_FILE", () -> caFile.get().toString());
	}

	private static void assertRefused(TlsRedis redis, ApiClient gateway) {
		String token = ShopKeycloak.get().login(DemoUser.ALICE).accessToken();
		int forwarded = paymentService.received().size();
		long refusals = refusals(redis);

		HttpResponse<String> response = gateway.get("/api/payments", token);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":503");
		assertThat(paymentService.received()).hasSize(forwarded);
		assertThat(redis.cli("DBSIZE")).isEqualTo("0");
		// The gateway ended the handshake over the certificate: Redis logs the alert.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(refusals(redis)).isGreaterThan(refusals));
	}

	/** How often a client refused this Redis's certificate, by its log. */
	private static long refusals(TlsRedis redis) {
		return redis.logs().lines().filter((line) -> line.contains(CERTIFICATE_REFUSED)).count();
	}

	private static ApiClient gateway(Environment environment) {
		return ApiClient.localServer(() -> environment);
	}

	/** What the keys of a user's bucket on the payments route start with. */
	private static String bucket(TokenResponse user) throws ParseException {
		return "request_rate_limiter.{payments.user:" + user.parsedAccessToken().getJWTClaimsSet().getSubject() + "}";
	}

	private static Path platformCa() {
		return pki.tlsDirectory(ServiceName.GATEWAY).resolve(PemFiles.CA);
	}

}
