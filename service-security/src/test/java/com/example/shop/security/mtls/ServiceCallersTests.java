package com.example.shop.security.mtls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.testsupport.http.PathVariants;
import com.example.shop.testsupport.platform.ServiceName;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allow-list's semantics, and its paths attacked as a caller allowed on one path
 * would attack them to reach another: a path no rule lists is refused, the first matching
 * rule decides, and no spelling of a guarded path (encoded, dot segments, separators,
 * case, trailing slash) gets a caller past the rule that guards it.
 */
class ServiceCallersTests {

	private static final AuditEvents AUDIT = new AuditEvents(null);

	// The payment service's allow-list: the gateway is allowed on /api only.
	private final Filter payment = ServiceCallers.allow("/internal/**", ServiceName.ORDER_SERVICE)
		.and("/api/**", ServiceName.GATEWAY)
		.filter(null, AUDIT);

	@Test
	void allowWhenCallerListedThenPassesOnItsPathOnly() throws Exception {
		assertThat(passes(this.payment, ServiceName.ORDER_SERVICE, "/internal/payments")).isTrue();
		assertThat(passes(this.payment, ServiceName.GATEWAY, "/api/payments/42")).isTrue();
		assertThat(passes(this.payment, ServiceName.GATEWAY, "/internal/payments")).isFalse();
		assertThat(passes(this.payment, ServiceName.ORDER_SERVICE, "/api/payments/42")).isFalse();
		assertThat(passes(this.payment, ServiceName.PAYMENT_SERVICE, "/api/payments/42")).isFalse();
	}

	@Test
	void allowWhenSeveralServicesThenEachPassesAndNoOther() throws Exception {
		Filter filter = ServiceCallers.allow("/internal/**", ServiceName.ORDER_SERVICE, ServiceName.GATEWAY)
			.filter(null, AUDIT);

		assertThat(passes(filter, ServiceName.ORDER_SERVICE, "/internal/x")).isTrue();
		assertThat(passes(filter, ServiceName.GATEWAY, "/internal/x")).isTrue();
		assertThat(passes(filter, ServiceName.PAYMENT_SERVICE, "/internal/x")).isFalse();
	}

	@Test
	void allowWhenNoServicesThenPathClosedToAll() throws Exception {
		Filter filter = ServiceCallers.allow("/internal/**").filter(null, AUDIT);

		assertThat(passes(filter, ServiceName.ORDER_SERVICE, "/internal/x")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/actuator/health", "/error", "/internalx/payments", "/apix", "/api-docs",
			"/v1/api/payments", "/payments/internal" })
	void allowWhenPathOfNoRuleThenRefusedToEveryCaller(String path) throws Exception {
		for (String service : List.of(ServiceName.GATEWAY, ServiceName.ORDER_SERVICE, ServiceName.PAYMENT_SERVICE)) {
			assertThat(passes(this.payment, service, path)).as(service).isFalse();
		}
	}

	@Test
	void andWhenRulesOverlapThenFirstMatchingRuleDecides() throws Exception {
		Filter filter = ServiceCallers.allow("/api/admin/**", "ops")
			.and("/api/**", ServiceName.GATEWAY)
			.filter(null, AUDIT);

		assertThat(passes(filter, ServiceName.GATEWAY, "/api/admin/users")).isFalse();
		assertThat(passes(filter, "ops", "/api/admin/users")).isTrue();
		assertThat(passes(filter, "ops", "/api/orders")).isFalse();
		assertThat(passes(filter, ServiceName.GATEWAY, "/api/orders")).isTrue();
	}

	@Test
	void allowWhenExactPatternThenNeitherSubPathsNorTrailingSlash() throws Exception {
		Filter filter = ServiceCallers.allow("/api/orders", ServiceName.GATEWAY).filter(null, AUDIT);

		assertThat(passes(filter, ServiceName.GATEWAY, "/api/orders")).isTrue();
		assertThat(passes(filter, ServiceName.GATEWAY, "/api/orders/")).isFalse();
		assertThat(passes(filter, ServiceName.GATEWAY, "/api/orders/1")).isFalse();
	}

	@Test
	void allowWhenWildcardPatternThenBaseAndTrailingSlashToo() throws Exception {
		assertThat(passes(this.payment, ServiceName.ORDER_SERVICE, "/internal")).isTrue();
		assertThat(passes(this.payment, ServiceName.ORDER_SERVICE, "/internal/")).isTrue();
		assertThat(passes(this.payment, ServiceName.GATEWAY, "/internal")).isFalse();
		assertThat(passes(this.payment, ServiceName.GATEWAY, "/internal/")).isFalse();
	}

	@Test
	void andWhenListBuiltThenLaterRulesDoNotChangeFilterAlreadyMade() throws Exception {
		ServiceCallers callers = ServiceCallers.allow("/api/**", ServiceName.GATEWAY);
		Filter before = callers.filter(null, AUDIT);

		callers.and("/internal/**", ServiceName.GATEWAY);

		assertThat(passes(before, ServiceName.GATEWAY, "/internal/x")).isFalse();
		assertThat(passes(callers.filter(null, AUDIT), ServiceName.GATEWAY, "/internal/x")).isTrue();
	}

	@ParameterizedTest
	@MethodSource("internalVariants")
	void allowWhenGuardedPathSpelledOtherwiseThenCallerOfOtherPathStillRefused(String path) throws Exception {
		assertThat(passes(this.payment, ServiceName.GATEWAY, path)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%69nternal/payments", "/intern%61l/payments", "/internal;x=1/payments",
			"/internal/%70ayments" })
	void allowWhenAllowedPathSpelledWithEncodedLettersThenSameRule(String path) throws Exception {
		// The rules read decoded segments without path parameters, as Spring MVC's
		// mapping does: an encoding cannot move a path to another rule.
		assertThat(passes(this.payment, ServiceName.ORDER_SERVICE, path)).isTrue();
		assertThat(passes(this.payment, ServiceName.GATEWAY, path)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/INTERNAL/payments", "/Internal/payments", "/API/payments", "/Api/payments" })
	void allowWhenCaseChangedThenNoRuleAndRefusedToEveryCaller(String path) throws Exception {
		// Case-sensitive, as the services' mappings are: the variant maps to no handler.
		for (String service : List.of(ServiceName.GATEWAY, ServiceName.ORDER_SERVICE)) {
			assertThat(passes(this.payment, service, path)).as(service).isFalse();
		}
	}

	@ParameterizedTest
	@MethodSource("traversals")
	void filterWhenInSecurityChainAndApiPathTraversesToInternalThenRejectedBeforeCallerCheck(String path)
			throws Exception {
		// In the filter chain the services build, the firewall refuses these before any
		// filter runs: the allow-list itself sees /api/.. as under /api.
		FilterChainProxy proxy = new FilterChainProxy(
				new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, this.payment));
		MockHttpServletRequest request = Requests.request("GET", path, certificate(ServiceName.GATEWAY));
		request.setServletPath(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		proxy.doFilter(request, response, chain);

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(chain.getRequest()).isNull();
	}

	static Stream<String> internalVariants() {
		return PathVariants.of("/internal/payments", "internal").stream();
	}

	static Stream<String> traversals() {
		return Stream.of("/api/../internal/payments", "/api/./../internal/payments", "/api/%2e%2e/internal/payments",
				"/api/%2E%2E/internal/payments", "/api/..;/internal/payments", "/api;/../internal/payments",
				"/api/..%2finternal/payments", "/api%2f..%2finternal/payments", "/api/..%5cinternal/payments",
				"/api/%252e%252e/internal/payments", "/api//../internal/payments");
	}

	private static boolean passes(Filter filter, String service, String path) throws Exception {
		MockHttpServletRequest request = Requests.request("GET", path, certificate(service));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		boolean passed = chain.getRequest() != null;
		assertThat(response.getStatus()).isEqualTo(passed ? 200 : 403);
		return passed;
	}

	private static X509Certificate certificate(String service) {
		if (ServiceName.GATEWAY.equals(service) || ServiceName.ORDER_SERVICE.equals(service)
				|| ServiceName.PAYMENT_SERVICE.equals(service)) {
			return Certificates.pki().certificate(service);
		}
		return Certificates.issue(service).certificate();
	}

}
