package com.example.shop.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain before graceful shutdown: answers go on, each asking its client to close the
 * connection, for the drain's length, before the web server's own graceful shutdown.
 */
class ConnectionDrainTests {

	@Test
	void filterWhenRunningThenConnectionsKept() throws Exception {
		ConnectionDrain drain = new ConnectionDrain(Duration.ZERO, () -> {
		});
		drain.start();

		MockHttpServletResponse response = answer(drain);

		assertThat(response.getHeader("Connection")).isNull();
		assertThat(drain.isRunning()).isTrue();
	}

	@Test
	void stopWhenDrainingThenAnswersStillServedAndAskToCloseForTheWholeDrain() throws Exception {
		ConnectionDrain drain = new ConnectionDrain(Duration.ofMillis(300), () -> {
		});
		drain.start();
		long start = System.nanoTime();

		drain.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		MockHttpServletResponse response = answer(drain);
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(drain.isRunning()).isFalse();
	}

	@Test
	void stopWhenDrainBeginsThenListenersClosedFirst() {
		List<String> steps = new ArrayList<>();
		AtomicReference<ConnectionDrain> drain = new AtomicReference<>();
		drain.set(new ConnectionDrain(Duration.ofMillis(50),
				() -> steps.add("listeners closed while draining: " + drain.get().isDraining())));
		drain.get().start();

		drain.get().stop();

		assertThat(steps).containsExactly("listeners closed while draining: true");
	}

	@Test
	void filterWhenDrainBeginsDuringTheRequestThenItsConnectionGoesToo() throws Exception {
		ConnectionDrain drain = new ConnectionDrain(Duration.ZERO, () -> {
		});
		drain.start();
		MockHttpServletResponse response = new MockHttpServletResponse();

		drain.doFilter(new MockHttpServletRequest("POST", "/api/orders"), response, (request, answer) -> drain.stop());

		assertThat(response.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void phaseWhenShuttingDownThenBeforeTheWebServersGracefulShutdown() {
		assertThat(new ConnectionDrain(Duration.ZERO, () -> {
		}).getPhase()).isGreaterThan(
				org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
	}

	@Test
	void autoConfigurationWhenDrainSetThenFirstFilterElseNone() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ShopResourceServerAutoConfiguration.class))
			.withUserConfiguration(Security.class)
			.withPropertyValues("shop.security.jwt.issuer-uri=https://keycloak.test/realms/shop",
					"shop.security.jwt.jwk-set-uri=https://keycloak.test/realms/shop/protocol/openid-connect/certs",
					"shop.security.jwt.audience=order-service");
		runner.run((context) -> assertThat(context).doesNotHaveBean(ConnectionDrain.class)
			.doesNotHaveBean(TomcatListeners.class));
		runner.withPropertyValues("shop.server.drain=6s").run((context) -> {
			assertThat(context).hasSingleBean(ConnectionDrain.class).hasSingleBean(TomcatListeners.class);
			assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
		});
	}

	private static MockHttpServletResponse answer(ConnectionDrain drain) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		drain.doFilter(new MockHttpServletRequest("POST", "/api/orders"), response, new MockFilterChain());
		return response;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class Security {

	}

}
