package com.example.shop.security.mtls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.platform.ServiceName;
import com.example.shop.testsupport.pki.TestPki;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The pooled mutual-TLS client against real HTTPS servers on loopback, reached by service
 * name (test-support resolves the platform's names to loopback): the service's own
 * certificate, the platform CA and the server's name checked, connections reused until a
 * certificate renewal, and none of HttpClient's conveniences that would repeat or alter a
 * call (redirects, retries, cookies).
 */
class PooledMtlsHttpClientTests {

	private static final String BUNDLE = "service";

	@TempDir
	Path directory;

	private final IssuedCertificate order = Certificates.issue(ServiceName.ORDER_SERVICE);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private DefaultSslBundleRegistry registry;

	private CloseableHttpClient client;

	private final List<String> traceparentsSent = new CopyOnWriteArrayList<>();

	private final AtomicInteger observationsStopped = new AtomicInteger();

	private final ObservationRegistry observations = ObservationRegistry.create();

	@BeforeEach
	void createClient() throws IOException {
		this.observations.observationConfig().observationHandler(new Propagating());
		this.registry = new DefaultSslBundleRegistry(BUNDLE, Certificates.bundle(tlsDirectory("first", this.order)));
		this.client = PooledMtlsHttpClient.create(ClientTls.of(this.registry, BUNDLE), Duration.ofSeconds(1), 5,
				this.observations);
		this.resources.add(this.client);
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void createWhenServiceCalledThenServerSeesBundleCertificate() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		assertThat(get(payment, "/who")).isEqualTo(serial(this.order));
	}

	@Test
	void createWhenCalledThenEachCallObservedAndCarryingItsOwnTraceContext() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		get(payment, "/who");
		get(payment, "/who");

		assertThat(this.traceparentsSent).hasSize(2).doesNotHaveDuplicates();
		assertThat(payment.exchanges()).extracting(LoopbackHttpsServer.Exchange::traceparent)
			.containsExactlyElementsOf(this.traceparentsSent);
		assertThat(this.observationsStopped).hasValue(2);
	}

	@Test
	void createWhenCallsInSequenceThenOneConnectionServesAll() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		for (int i = 0; i < 3; i++) {
			get(payment, "/who");
		}

		// Each call has a new context, as Feign's do: with HttpClient's default
		// connection state, none could lease the pooled connection.
		assertThat(payment.exchanges()).extracting(LoopbackHttpsServer.Exchange::clientPort)
			.hasSize(3)
			.containsOnly(payment.exchanges().get(0).clientPort());
	}

	@Test
	void createWhenCertificateRenewedThenIdleConnectionClosedAndNextCallPresentsRenewed() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));
		get(payment, "/who");
		IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);

		this.registry.updateBundle(BUNDLE, Certificates.bundle(tlsDirectory("renewed", renewed)));

		assertThat(get(payment, "/who")).isEqualTo(serial(renewed));
		assertThat(payment.exchanges().get(1).clientPort()).isNotEqualTo(payment.exchanges().get(0).clientPort());
	}

	@Test
	void createWhenServerOfAnotherCaThenRefused() {
		CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1));
		LoopbackHttpsServer impostor = server(TestPki
			.clientContext(other.issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE), other.certificate()));

		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> get(impostor, "/who"));
		assertThat(impostor.exchanges()).isEmpty();
	}

	@Test
	void createWhenServerCertificateNamesAnotherServiceThenRefused() {
		// A certificate of the platform CA, but of the order service, not the one called.
		LoopbackHttpsServer wrongName = server(pki().clientContext(ServiceName.ORDER_SERVICE));

		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> get(wrongName, "/who"));
		assertThat(wrongName.exchanges()).isEmpty();
	}

	@Test
	void createWhenServerReachedByAddressNotNamedInCertificateThenRefused() {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		assertThatExceptionOfType(SSLException.class)
			.isThrownBy(() -> this.client.execute(new HttpGet("https://127.0.0.1:" + payment.port() + "/who"),
					(response) -> EntityUtils.toString(response.getEntity())));
	}

	@Test
	void createWhenRedirectedThenRedirectReturnedNotFollowed() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		int status = this.client.execute(new HttpGet(uri(payment, "/redirect")), (response) -> response.getCode());

		assertThat(status).isEqualTo(302);
		assertThat(payment.exchanges()).extracting(LoopbackHttpsServer.Exchange::path).containsExactly("/redirect");
	}

	@Test
	void createWhenServerSetsCookieThenNotSentBack() throws Exception {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		get(payment, "/cookie");
		get(payment, "/who");

		assertThat(payment.exchanges()).extracting(LoopbackHttpsServer.Exchange::cookie).containsOnlyNulls();
	}

	@Test
	void createWhenConnectionClosedWithoutAnswerThenRequestNotRepeated() {
		LoopbackHttpsServer payment = server(pki().clientContext(ServiceName.PAYMENT_SERVICE));

		assertThatExceptionOfType(NoHttpResponseException.class).isThrownBy(() -> get(payment, "/hang-up"));
		assertThat(payment.exchanges()).hasSize(1);
	}

	@Test
	void createWhenPeerNeverAnswersHandshakeThenCallFailsWithinHandshakeTimeout() throws Exception {
		ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.resources.add(silent);
		List<Socket> accepted = new ArrayList<>();
		Thread acceptor = new Thread(() -> {
			try {
				accepted.add(silent.accept());
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		CloseableHttpClient quick = PooledMtlsHttpClient.create(ClientTls.of(this.registry, BUNDLE),
				Duration.ofMillis(200), 1, ObservationRegistry.NOOP);
		this.resources.add(quick);

		long start = System.nanoTime();

		// Bounded by three connect timeouts (HttpClient's default is one): a handshake
		// takes more round trips than a connect.
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatIOException().isThrownBy(() -> quick
			.execute(new HttpGet("https://payment-service:" + silent.getLocalPort() + "/who"), (response) -> "")));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(550));
	}

	private String get(LoopbackHttpsServer server, String path) throws IOException {
		return this.client.execute(new HttpGet(uri(server, path)),
				(response) -> EntityUtils.toString(response.getEntity()));
	}

	private static String uri(LoopbackHttpsServer server, String path) {
		return "https://" + ServiceName.PAYMENT_SERVICE + ":" + server.port() + path;
	}

	private LoopbackHttpsServer server(SSLContext context) {
		LoopbackHttpsServer server = new LoopbackHttpsServer(context);
		this.resources.add(server);
		return server;
	}

	private Path tlsDirectory(String name, IssuedCertificate issued) throws IOException {
		return Certificates.tlsDirectory(Files.createDirectories(this.directory.resolve(name)), issued,
				pki().ca().certificate());
	}

	private static TestPki pki() {
		return Certificates.pki();
	}

	private static String serial(IssuedCertificate issued) {
		return issued.certificate().getSerialNumber().toString(16);
	}

	/**
	 * What a tracer's propagating handler does with a call: writes the call's trace
	 * context into the request (here a new trace id per call).
	 */
	private final class Propagating implements ObservationHandler<SenderContext<Object>> {

		@Override
		public void onStart(SenderContext<Object> context) {
			String traceparent = "00-%032x-00f067aa0ba902b7-01"
				.formatted(PooledMtlsHttpClientTests.this.traceparentsSent.size() + 1);
			context.getSetter().set(context.getCarrier(), "traceparent", traceparent);
			PooledMtlsHttpClientTests.this.traceparentsSent.add(traceparent);
		}

		@Override
		public void onStop(SenderContext<Object> context) {
			PooledMtlsHttpClientTests.this.observationsStopped.incrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext;
		}

	}

}
