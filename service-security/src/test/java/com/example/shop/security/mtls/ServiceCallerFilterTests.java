package com.example.shop.security.mtls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.shop.security.audit.AuditEvents;
import com.example.shop.pki.CertificateAuthority;
import com.example.shop.testsupport.platform.ServiceName;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller check of a server: an allowed service reaches the rest of the chain with its
 * name on the request; any other request gets a 403 problem body and goes no further.
 * Certificates are real ones of the platform CA.
 */
class ServiceCallerFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	// The payment service's allow-list.
	private final Filter filter = ServiceCallers.allow("/internal/**", ServiceName.ORDER_SERVICE)
		.and("/api/**", ServiceName.GATEWAY)
		.filter(this.meters, new AuditEvents(this.meters));

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final MockFilterChain chain = new MockFilterChain();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLog() {
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void releaseLog() {
		logger().detachAppender(this.log);
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void filterWhenCallerAllowedThenChainCalledWithCallerOnRequest() throws Exception {
		MockHttpServletRequest request = Requests.request("POST", "/internal/payments", certificate("order-service"));

		this.filter.doFilter(request, this.response, this.chain);

		assertThat(this.chain.getRequest()).isSameAs(request);
		assertThat(request.getAttribute(ServiceCaller.ATTRIBUTE)).isEqualTo(ServiceName.ORDER_SERVICE);
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsString()).isEmpty();
		assertThat(this.log.list).isEmpty();
	}

	@Test
	void filterWhenCallerAllowedThenServiceCallerCurrentInChain() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/api/payments/1", certificate("api-gateway"));
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		AtomicReference<Object> seen = new AtomicReference<>();
		FilterChain recording = (req, res) -> seen.set(ServiceCaller.current().orElse(null));

		this.filter.doFilter(request, this.response, recording);

		assertThat(seen).hasValue(ServiceName.GATEWAY);
	}

	@Test
	void filterWhenCallerNotAllowedOnPathThenForbidden() throws Exception {
		MockHttpServletRequest request = Requests.request("POST", "/internal/payments", certificate("api-gateway"));

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
		assertThat(messages()).containsExactly("Refused caller api-gateway on POST /internal/payments");
	}

	@Test
	void filterWhenUnknownServiceOfPlatformCaThenForbidden() throws Exception {
		X509Certificate intruder = Certificates.issue("intruder").certificate();
		MockHttpServletRequest request = Requests.request("GET", "/api/payments", intruder);

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
	}

	@Test
	void filterWhenNoCertificateThenForbidden() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/api/payments");

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
		assertThat(messages()).containsExactly("Refused caller (no service identity) on GET /api/payments");
	}

	@Test
	void filterWhenEmptyCertificateChainThenForbidden() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/api/payments");
		request.setAttribute(ServiceCallerFilter.CERTIFICATES, new X509Certificate[0]);

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
	}

	@Test
	void filterWhenAttributeNotCertificateArrayThenForbidden() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/api/payments");
		request.setAttribute(ServiceCallerFilter.CERTIFICATES, certificate("api-gateway"));

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
	}

	@Test
	void filterWhenCertificateNamesNoServiceThenForbiddenAsNoIdentity() throws Exception {
		X509Certificate noSan = Certificates.withNames(ServiceName.GATEWAY);
		MockHttpServletRequest request = Requests.request("GET", "/api/payments", noSan);

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
		assertThat(messages()).containsExactly("Refused caller (no service identity) on GET /api/payments");
		assertThat(this.meters.get("shop.tls.inbound.connections").tag("caller", "none").counter().count())
			.isEqualTo(1);
	}

	@Test
	void filterWhenAllowedServiceOnlyFurtherUpTheChainThenForbidden() throws Exception {
		// The first certificate is the client's own; the rest only chain it to the CA.
		MockHttpServletRequest request = Requests.request("GET", "/api/payments",
				Certificates.issue("intruder").certificate(), certificate("api-gateway"));

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
	}

	@Test
	void filterWhenAllowedServiceFirstInChainThenPasses() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/api/payments", certificate("api-gateway"),
				Certificates.pki().ca().certificate());

		this.filter.doFilter(request, this.response, this.chain);

		assertThat(this.chain.getRequest()).isSameAs(request);
	}

	@Test
	void filterWhenCertificateOfAnotherCaNamesAllowedServiceThenPasses() throws Exception {
		// The handshake checks the CA before any filter runs; the filter reads
		// names only.
		X509Certificate foreign = CertificateAuthority.create("other", Duration.ofDays(1))
			.issue(Duration.ofDays(1), ServiceName.GATEWAY)
			.certificate();
		MockHttpServletRequest request = Requests.request("GET", "/api/payments", foreign);

		this.filter.doFilter(request, this.response, this.chain);

		assertThat(this.chain.getRequest()).isSameAs(request);
	}

	@Test
	void filterWhenPathOfNoRuleThenForbiddenToEveryCaller() throws Exception {
		for (String service : List.of(ServiceName.GATEWAY, ServiceName.ORDER_SERVICE, ServiceName.PAYMENT_SERVICE)) {
			MockHttpServletRequest request = Requests.request("GET", "/actuator/health", certificate(service));
			MockHttpServletResponse refused = new MockHttpServletResponse();
			MockFilterChain notCalled = new MockFilterChain();

			this.filter.doFilter(request, refused, notCalled);

			assertThat(refused.getStatus()).as(service).isEqualTo(403);
			assertThat(notCalled.getRequest()).as(service).isNull();
		}
	}

	@Test
	void filterWhenRefusedThenQueryNotLogged() throws Exception {
		MockHttpServletRequest request = Requests.request("GET", "/internal/payments", certificate("api-gateway"));
		request.setQueryString("card=4111111111111111");

		this.filter.doFilter(request, this.response, this.chain);

		assertForbidden(request);
		assertThat(messages()).singleElement().asString().doesNotContain("4111").doesNotContain("card");
		// Nor in the event's fields; and the refusal is counted as an audit event.
		assertThat(this.log.list).singleElement()
			.satisfies((event) -> assertThat(event.getKeyValuePairs()).extracting((pair) -> String.valueOf(pair.value))
				.noneMatch((value) -> value.contains("4111"))
				.contains("api-gateway", "GET", "/internal/payments", "caller-not-allowed"));
		assertThat(this.meters.get(AuditEvents.COUNTER)
			.tag("action", "access-check")
			.tag("reason", "caller-not-allowed")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void filterWhenCallersConnectThenConnectionsCountedPerCaller() throws Exception {
		this.filter.doFilter(Requests.onConnection("1", "GET", "/api/payments", certificate("api-gateway")),
				new MockHttpServletResponse(), new MockFilterChain());
		this.filter.doFilter(Requests.onConnection("1", "GET", "/api/payments", certificate("api-gateway")),
				new MockHttpServletResponse(), new MockFilterChain());
		this.filter.doFilter(Requests.onConnection("2", "GET", "/internal/payments", certificate("api-gateway")),
				new MockHttpServletResponse(), new MockFilterChain());
		this.filter.doFilter(Requests.onConnection("3", "GET", "/api/payments"), new MockHttpServletResponse(),
				new MockFilterChain());

		// Refused callers too: a caller that keeps opening connections shows either way.
		assertThat(this.meters.get("shop.tls.inbound.connections").tag("caller", "api-gateway").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("shop.tls.inbound.connections").tag("caller", "none").counter().count())
			.isEqualTo(1);
	}

	@Test
	void filterWhenNoMeterRegistryThenCallerStillChecked() throws Exception {
		Filter unmetered = ServiceCallers.allow("/api/**", ServiceName.GATEWAY).filter(null, new AuditEvents(null));
		MockHttpServletRequest allowed = Requests.request("GET", "/api/payments", certificate("api-gateway"));
		MockHttpServletRequest refused = Requests.request("GET", "/api/payments", certificate("order-service"));

		unmetered.doFilter(allowed, new MockHttpServletResponse(), this.chain);
		unmetered.doFilter(refused, this.response, new MockFilterChain());

		assertThat(this.chain.getRequest()).isSameAs(allowed);
		assertThat(this.response.getStatus()).isEqualTo(403);
	}

	private void assertForbidden(MockHttpServletRequest request) throws Exception {
		assertThat(this.chain.getRequest()).as("chain called").isNull();
		assertThat(request.getAttribute(ServiceCaller.ATTRIBUTE)).isNull();
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		String body = this.response.getContentAsString();
		assertThat((Integer) JsonPath.read(body, "$.status")).isEqualTo(403);
		assertThat((String) JsonPath.read(body, "$.title")).isEqualTo("Forbidden");
		assertThat((String) JsonPath.read(body, "$.detail")).isEqualTo("The calling service may not call this path.");
	}

	private List<String> messages() {
		return this.log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	private static X509Certificate certificate(String service) {
		return Certificates.pki().certificate(service);
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(AuditEvents.LOGGER);
	}

}
