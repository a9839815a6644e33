package com.example.shop.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port's own chain, in a real server of each stack with its two ports:
 * health, info and prometheus without a token there, every other actuator path denied
 * there, and nothing of it on the API port, whatever the request says about ports. The
 * properties of the enclosing class apply to both nested tests.
 */
@TestPropertySource(properties = { "management.server.port=0", "management.server.address=127.0.0.1",
		"server.address=127.0.0.1", "management.endpoints.web.exposure.include=health,info,env,beans",
		"shop.security.jwt.issuer-uri=https://keycloak.test/realms/shop",
		"shop.security.jwt.jwk-set-uri=https://keycloak.test/realms/shop/protocol/openid-connect/certs",
		"shop.security.jwt.audience=order-service" })
class ManagementChainTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	static int get(String port, String path, String host) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (host != null) {
			request.header("X-Forwarded-Port", host).header("Forwarded", "host=127.0.0.1:" + host);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	static HttpResponse<String> send(String port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	abstract static class Checks {

		@Autowired
		Environment environment;

		String management() {
			return this.environment.getProperty("local.management.port");
		}

		String api() {
			return this.environment.getProperty("local.server.port");
		}

		@Test
		void managementPortWhenHealthOrInfoThenAnsweredWithoutToken() throws Exception {
			assertThat(get(management(), "/actuator/health", null)).isEqualTo(200);
			assertThat(get(management(), "/actuator/info", null)).isEqualTo(200);
		}

		@Test
		void managementPortWhenOtherEndpointThenDenied() throws Exception {
			assertThat(get(management(), "/actuator/env", null)).isIn(401, 403);
			assertThat(get(management(), "/actuator/beans", null)).isIn(401, 403);
			assertThat(get(management(), "/actuator", null)).isIn(401, 403);
		}

		@Test
		void managementPortWhenSpellingsOfADeniedEndpointThenNeverItsAnswer() throws Exception {
			for (String path : List.of("/actuator/%65nv", "/actuator/ENV", "/actuator/Env", "/actuator/env/",
					"/actuator//env", "/actuator/health/../env", "/actuator/health/..%2Fenv",
					"/actuator/health/%2e%2e/env", "/actuator/health/%2E%2E%2Fenv", "/actuator/health;x/../env",
					"/actuator/health%2F..%2Fenv", "/actuator/health/%252e%252e/env", "/actuator/./env")) {
				HttpResponse<String> response = send(management(), path);
				assertThat(response.body()).as(path).doesNotContain("propertySources").doesNotContain("activeProfiles");
				if (response.statusCode() == 200) {
					// Only health itself may answer a spelling that reaches it.
					assertThat(response.body()).as(path).contains("\"status\"");
				}
			}
		}

		/**
		 * What the API's own chain answers a request without credentials.
		 * @return 403 where the caller allow-list comes first, else 401
		 */
		abstract int apiRefusal();

		@Test
		void apiPortWhenActuatorPathThenTheApisRulesEvenIfHeadersNameTheManagementPort() throws Exception {
			assertThat(get(api(), "/actuator/health", null)).isEqualTo(apiRefusal());
			assertThat(get(api(), "/actuator/health", management())).isEqualTo(apiRefusal());
		}

	}

	@Nested
	@SpringBootTest(classes = ServletService.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=servlet" })
	class Servlet extends Checks {

		@Override
		int apiRefusal() {
			// No client certificate: the caller allow-list refuses before the token.
			return 403;
		}

	}

	@Nested
	@SpringBootTest(classes = ReactiveService.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=reactive" })
	class Reactive extends Checks {

		@Override
		int apiRefusal() {
			return 401;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSecurity
	static class ServletService {

		@Bean
		SecurityFilterChain api(HttpSecurity http, ShopResourceServer resourceServer) {
			resourceServer.configure(http, com.example.shop.security.mtls.ServiceCallers.allow("/**", "api-gateway"));
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

	/**
	 * On Netty, as the gateway: this module's test class path has Tomcat too.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
			"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration" })
	@EnableWebFluxSecurity
	static class ReactiveService {

		@Bean
		SecurityWebFilterChain api(ServerHttpSecurity http, ShopReactiveResourceServer resourceServer) {
			http.oauth2ResourceServer(resourceServer.bearerTokens(new ServerBearerTokenAuthenticationConverter()))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
			return http.build();
		}

	}

}
