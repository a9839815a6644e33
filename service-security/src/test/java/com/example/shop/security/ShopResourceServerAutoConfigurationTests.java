package com.example.shop.security;

import java.nio.file.Path;

import com.example.shop.security.mtls.ClientTls;
import com.example.shop.testsupport.pki.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shared auto-configuration gives a servlet service and the reactive gateway:
 * each stack its own decoder, resource-server settings and management chain, never the
 * other stack's; the mutual-TLS client only to an application that names its bundle.
 */
class ShopResourceServerAutoConfigurationTests {

	private static final String[] JWT = { "shop.security.jwt.issuer-uri=https://keycloak.test/realms/shop",
			"shop.security.jwt.jwk-set-uri=https://keycloak.test/realms/shop/protocol/openid-connect/certs",
			"shop.security.jwt.audience=order-service" };

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ShopResourceServerAutoConfiguration.class))
		.withUserConfiguration(ServletSecurity.class)
		.withPropertyValues(JWT);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ShopResourceServerAutoConfiguration.class))
		.withUserConfiguration(ReactiveSecurity.class)
		.withPropertyValues(JWT);

	@Test
	void servletWhenStartedThenServletPiecesAndManagementChainOnly() {
		this.servlet.run((context) -> {
			assertThat(context).hasSingleBean(JwtDecoder.class)
				.hasSingleBean(ShopResourceServer.class)
				.hasSingleBean(NotFoundWhenDenied.class)
				.hasSingleBean(KeycloakJwtAuthenticationConverter.class)
				.hasSingleBean(ManagementPort.class)
				.doesNotHaveBean(ReactiveJwtDecoder.class)
				.doesNotHaveBean(ShopReactiveResourceServer.class)
				.doesNotHaveBean(ClientTls.class);
			assertThat(context.getBean("managementSecurityFilterChain")).isInstanceOf(SecurityFilterChain.class);
		});
	}

	@Test
	void reactiveWhenStartedThenReactivePiecesAndManagementChainOnly() {
		this.reactive.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveJwtDecoder.class)
				.hasSingleBean(ShopReactiveResourceServer.class)
				.hasSingleBean(KeycloakJwtAuthenticationConverter.class)
				.hasSingleBean(ManagementPort.class)
				.doesNotHaveBean(JwtDecoder.class)
				.doesNotHaveBean(ShopResourceServer.class)
				.doesNotHaveBean(ClientTls.class);
			assertThat(context.getBean("managementSecurityFilterChain")).isInstanceOf(SecurityWebFilterChain.class);
		});
	}

	@Test
	void startWhenAudienceMissingThenFails() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ShopResourceServerAutoConfiguration.class))
			.withUserConfiguration(ServletSecurity.class)
			.withPropertyValues(JWT[0], JWT[1])
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void clientTlsWhenBundleNamedThenTheBundlesCertificate() {
		Path tls = TestPki.get().tlsDirectory("order-service");
		this.servlet.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("shop.security.mtls.client-bundle=service",
					"spring.ssl.bundle.pem.service.keystore.certificate=" + tls.resolve("tls.crt").toUri(),
					"spring.ssl.bundle.pem.service.keystore.private-key=" + tls.resolve("tls.key").toUri(),
					"spring.ssl.bundle.pem.service.truststore.certificate=" + tls.resolve("ca.crt").toUri())
			.run((context) -> assertThat(context.getBean(ClientTls.class).certificate())
				.isEqualTo(TestPki.get().certificate("order-service")));
	}

	@Test
	void clientTlsWhenNoBundleNamedThenNone() {
		this.reactive.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientTls.class));
	}

	@Test
	void clientTlsWhenBundleNamedButNoSslBundlesThenNone() {
		// A slice test without SSL bundles: the application that needs the client fails
		// on the missing bean instead.
		this.servlet.withPropertyValues("shop.security.mtls.client-bundle=service")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientTls.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class ServletSecurity {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFluxSecurity
	static class ReactiveSecurity {

	}

}
