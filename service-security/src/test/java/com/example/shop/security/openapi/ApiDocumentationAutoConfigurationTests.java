package com.example.shop.security.openapi;

import java.util.Map;

import com.example.shop.security.ShopJwtProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document's frame: made only for a service that names its API, with the
 * realm's authorization-code flow at the issuer's address, the API's scopes, the gateway
 * as the one server, and the problem schema.
 */
class ApiDocumentationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiDocumentationAutoConfiguration.class))
		.withUserConfiguration(TokenSettings.class)
		.withPropertyValues("shop.security.jwt.issuer-uri=https://login.example.test/realms/shop",
				"shop.security.jwt.jwk-set-uri=http://keycloak:8080/realms/shop/protocol/openid-connect/certs",
				"shop.security.jwt.audience=order-service");

	@Test
	void documentWhenTitleSetThenRealmsCodeFlowScopesGatewayServerAndProblemSchema() {
		this.runner.withPropertyValues("shop.api-docs.title=Orders", "shop.api-docs.description=The orders.")
			// Keys with a colon, which the "key=value" form cannot carry.
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("scopes",
						Map.of("shop.api-docs.scopes[orders:read]", "Read your orders",
								"shop.api-docs.scopes[admin:read]", "Read everyone's"))))
			.run((context) -> {
				OpenAPI document = context.getBean(OpenAPI.class);
				assertThat(document.getInfo().getTitle()).isEqualTo("Orders");
				assertThat(document.getInfo().getDescription()).isEqualTo("The orders.");
				assertThat(document.getServers()).singleElement()
					.satisfies((server) -> assertThat(server.getUrl()).isEqualTo("/"));
				OAuthFlow code = document.getComponents()
					.getSecuritySchemes()
					.get(AccessDocumentation.SCHEME)
					.getFlows()
					.getAuthorizationCode();
				// The address browsers use (the issuer), not the internal key address.
				assertThat(code.getAuthorizationUrl())
					.isEqualTo("https://login.example.test/realms/shop/protocol/openid-connect/auth");
				assertThat(code.getTokenUrl())
					.isEqualTo("https://login.example.test/realms/shop/protocol/openid-connect/token");
				assertThat(code.getScopes()).containsExactly(Map.entry("admin:read", "Read everyone's"),
						Map.entry("orders:read", "Read your orders"));
				assertThat(
						document.getComponents().getSchemas().get(AccessDocumentation.PROBLEM_SCHEMA).getProperties())
					.containsOnlyKeys("type", "title", "status", "detail", "instance");
				assertThat(context).hasSingleBean(OperationCustomizer.class);
			});
	}

	@Test
	void documentWhenNoTitleThenNothingOfThePlatformsIsAdded() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(OpenAPI.class)
			.doesNotHaveBean(OperationCustomizer.class));
	}

	/**
	 * The token settings the shared auto-configuration binds in an application.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ShopJwtProperties.class)
	static class TokenSettings {

	}

}
