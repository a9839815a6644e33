package com.example.shop.security;

import java.net.InetSocketAddress;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the management port's chain takes, for both stacks: only those accepted
 * on the port Boot published, never because of anything the client sends.
 */
class ManagementPortTests {

	@Test
	void isManagementPortWhenNoSeparateManagementServerThenNoPortIs() {
		ManagementPort port = new ManagementPort(new MockEnvironment());

		assertThat(port.isManagementPort(8081)).isFalse();
		assertThat(port.isManagementPort(0)).isFalse();
	}

	@Test
	void isManagementPortWhenManagementServerDisabledThenNoPortIs() {
		// management.server.port=-1 disables the endpoints' server; 0 is not a port.
		assertThat(new ManagementPort(environment(-1)).isManagementPort(-1)).isFalse();
		assertThat(new ManagementPort(environment(0)).isManagementPort(0)).isFalse();
	}

	@Test
	void isManagementPortWhenPublishedThenThatPortOnly() {
		ManagementPort port = new ManagementPort(environment(9081));

		assertThat(port.isManagementPort(9081)).isTrue();
		assertThat(port.isManagementPort(9080)).isFalse();
		assertThat(port.isManagementPort(8443)).isFalse();
	}

	@Test
	void isManagementPortWhenPublishedAfterTheFirstRequestThenFromThenOn() {
		// The management server starts after the API's chains exist.
		MockEnvironment environment = new MockEnvironment();
		ManagementPort port = new ManagementPort(environment);
		assertThat(port.isManagementPort(9081)).isFalse();

		environment.setProperty("local.management.port", "9081");

		assertThat(port.isManagementPort(9081)).isTrue();
		assertThat(port.isManagementPort(8443)).isFalse();
	}

	@Test
	void isManagementPortWhenPublishedThenReadOnce() {
		MockEnvironment environment = environment(9081);
		ManagementPort port = new ManagementPort(environment);
		assertThat(port.isManagementPort(9081)).isTrue();

		// Not read again: the published port holds for the context's life.
		environment.setProperty("local.management.port", "9999");

		assertThat(port.isManagementPort(9081)).isTrue();
		assertThat(port.isManagementPort(9999)).isFalse();
	}

	@Test
	void requestMatcherWhenLocalPortIsManagementPortThenMatches() {
		ManagementPortRequestMatcher matcher = new ManagementPortRequestMatcher(new ManagementPort(environment(9081)));
		MockHttpServletRequest management = new MockHttpServletRequest("GET", "/actuator/health");
		management.setLocalPort(9081);
		// The Host header names the management port, the connection is the API's.
		MockHttpServletRequest api = new MockHttpServletRequest("GET", "/actuator/health");
		api.setLocalPort(8443);
		api.setServerPort(9081);
		api.addHeader("Host", "localhost:9081");

		assertThat(matcher.matches(management)).isTrue();
		assertThat(matcher.matches(api)).isFalse();
	}

	@Test
	void exchangeMatcherWhenLocalAddressIsManagementPortThenMatches() {
		ManagementPortExchangeMatcher matcher = new ManagementPortExchangeMatcher(
				new ManagementPort(environment(9081)));

		assertThat(matches(matcher,
				MockServerHttpRequest.get("/actuator/health")
					.localAddress(new InetSocketAddress("127.0.0.1", 9081))
					.build()))
			.isTrue();
		assertThat(matches(matcher,
				MockServerHttpRequest.get("http://localhost:9081/actuator/health")
					.localAddress(new InetSocketAddress("127.0.0.1", 8080))
					.build()))
			.isFalse();
		assertThat(matches(matcher, MockServerHttpRequest.get("/actuator/health").build())).isFalse();
	}

	@Test
	void managementRequestsUnobservedWhenOnManagementPortThenNoObservationElseObserved() {
		ObservationPredicate predicate = new ShopResourceServerAutoConfiguration.ReactiveResourceServer()
			.managementRequestsUnobserved(new ManagementPortExchangeMatcher(new ManagementPort(environment(9081))));
		MockServerHttpRequest probe = MockServerHttpRequest.get("/actuator/health")
			.localAddress(new InetSocketAddress("127.0.0.1", 9081))
			.build();
		MockServerHttpRequest api = MockServerHttpRequest.get("/actuator/health")
			.localAddress(new InetSocketAddress("127.0.0.1", 8080))
			.build();

		assertThat(predicate.test("http.server.requests",
				new ServerRequestObservationContext(probe, new MockServerHttpResponse(), Map.of())))
			.isFalse();
		assertThat(predicate.test("http.server.requests",
				new ServerRequestObservationContext(api, new MockServerHttpResponse(), Map.of())))
			.isTrue();
		assertThat(predicate.test("jdbc.query", new Observation.Context())).isTrue();
	}

	private static boolean matches(ManagementPortExchangeMatcher matcher, MockServerHttpRequest request) {
		return matcher.matches(MockServerWebExchange.from(request)).block().isMatch();
	}

	private static MockEnvironment environment(int managementPort) {
		return new MockEnvironment().withProperty("local.management.port", String.valueOf(managementPort));
	}

}
