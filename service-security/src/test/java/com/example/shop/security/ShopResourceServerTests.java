package com.example.shop.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.example.shop.security.mtls.ServiceCaller;
import com.example.shop.security.mtls.ServiceCallers;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.pki.CallerCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The servlet half of the shared module in a service's chain, through a real filter chain
 * with the module's auto-configuration: the caller allow-list before the token, the token
 * decoded by the decoder, Keycloak authorities, problem answers (401, 403, 503), no
 * session, no CSRF, and {@link OwnerOrAdmin}'s 404.
 */
@SpringBootTest(classes = ShopResourceServerTests.Service.class,
		properties = { "shop.security.jwt.issuer-uri=https://keycloak.test/realms/shop",
				"shop.security.jwt.jwk-set-uri=https://keycloak.test/realms/shop/protocol/openid-connect/certs",
				"shop.security.jwt.audience=order-service", "shop.security.jwt.jwks.retry-after-failure=11s" })
@AutoConfigureMockMvc
class ShopResourceServerTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry meters;

	@Test
	void requestWhenNoClientCertificateThenForbiddenBeforeTheToken() throws Exception {
		this.mvc
			.perform(get("/api/things").with(CallerCertificates.none()).header("Authorization", "Bearer uncertified"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The calling service may not call this path."))
			.andExpect(header().doesNotExist("WWW-Authenticate"));
		assertThat(Service.decoded).doesNotContain("uncertified");
	}

	@Test
	void requestWhenCallerNotAllowedOnPathThenForbidden() throws Exception {
		this.mvc
			.perform(get("/api/things").with(CallerCertificates.from("order-service"))
				.header("Authorization", "Bearer wrong-caller"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("The calling service may not call this path."));
		assertThat(Service.decoded).doesNotContain("wrong-caller");
	}

	@Test
	void requestWhenNoTokenThenUnauthorizedWithBearerChallengeAndProblem() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things")))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.detail").value("A valid bearer access token is required."));
	}

	@Test
	void requestWhenTokenRefusedThenUnauthorizedInvalidToken() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer forged"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token")))
			.andExpect(jsonPath("$.detail").value("A valid bearer access token is required."))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("forged"))));
	}

	@Test
	void requestWhenKeysCannotBeHadThenServiceUnavailableWithRetryAfter() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer unverifiable"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "11"))
			.andExpect(header().doesNotExist("WWW-Authenticate"))
			.andExpect(jsonPath("$.detail").value("The access token cannot be checked now; retry later."));
	}

	@Test
	void requestWhenScopeMissingThenForbiddenInsufficientScope() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer user"))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("insufficient_scope")))
			.andExpect(jsonPath("$.detail").value("The access token does not grant this operation."));
	}

	@Test
	void requestWhenScopeGrantedThenAnsweredStatelessByTheSubject() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer reader"))
			.andExpect(status().isOk())
			.andExpect(content().string("reader-sub [ROLE_USER, SCOPE_things:read]"))
			.andExpect(header().doesNotExist("Set-Cookie"))
			.andExpect(request().sessionAttributeDoesNotExist("SPRING_SECURITY_CONTEXT"));
	}

	@Test
	void postWhenBearerTokenWithoutCsrfTokenThenAllowed() throws Exception {
		this.mvc.perform(fromGateway(post("/api/things")).header("Authorization", "Bearer reader"))
			.andExpect(status().isOk());
	}

	@Test
	void getWhenNotOwnerThenNotFoundAsIfNoSuchThing() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things/reader-sub")).header("Authorization", "Bearer user"))
			.andExpect(status().isNotFound());
		this.mvc.perform(fromGateway(get("/api/things/reader-sub")).header("Authorization", "Bearer reader"))
			.andExpect(status().isOk());
		this.mvc.perform(fromGateway(get("/api/things/reader-sub")).header("Authorization", "Bearer admin"))
			.andExpect(status().isOk());
	}

	@Test
	void requestWhenAuthenticatedThenUserAndCallerAreLogFieldsWhileItIsServedOnly() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things/log-fields")).header("Authorization", "Bearer reader"))
			.andExpect(status().isOk())
			.andExpect(content().string("user.id=reader-sub client.service.name=api-gateway"));
		assertThat(MDC.getCopyOfContextMap()).as("after the request").isNullOrEmpty();
	}

	@Test
	void requestWhenNoTokenThenNoUserFieldAndNothingLeftBehind() throws Exception {
		this.mvc.perform(fromGateway(get("/api/things/log-fields"))).andExpect(status().isUnauthorized());
		this.mvc.perform(fromGateway(get("/api/things/log-fields")).header("Authorization", "Bearer forged"))
			.andExpect(status().isUnauthorized());
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void refusalsWhenNoTokenForgedTokenWrongCallerOrScopeThenEachAnAuditEventByReason() throws Exception {
		double missing = auditEvents("token-check", "missing");
		double badSignature = auditEvents("token-check", "bad-signature");
		double callerNotAllowed = auditEvents("access-check", "caller-not-allowed");
		double notGranted = auditEvents("access-check", "not-granted");

		this.mvc.perform(fromGateway(get("/api/things"))).andExpect(status().isUnauthorized());
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer forged"))
			.andExpect(status().isUnauthorized());
		this.mvc
			.perform(get("/api/things").with(CallerCertificates.from("order-service"))
				.header("Authorization", "Bearer reader"))
			.andExpect(status().isForbidden());
		this.mvc.perform(fromGateway(get("/api/things")).header("Authorization", "Bearer user"))
			.andExpect(status().isForbidden());

		assertThat(auditEvents("token-check", "missing")).isEqualTo(missing + 1);
		assertThat(auditEvents("token-check", "bad-signature")).isEqualTo(badSignature + 1);
		assertThat(auditEvents("access-check", "caller-not-allowed")).isEqualTo(callerNotAllowed + 1);
		assertThat(auditEvents("access-check", "not-granted")).isEqualTo(notGranted + 1);
	}

	private double auditEvents(String action, String reason) {
		return AuditCounts.of(this.meters, action, "failure", reason);
	}

	private static MockHttpServletRequestBuilder fromGateway(MockHttpServletRequestBuilder request) {
		return request.with(CallerCertificates.from("api-gateway"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	static class Service {

		static final List<String> decoded = new java.util.concurrent.CopyOnWriteArrayList<>();

		/**
		 * Tokens by name: "forged" is refused, "unverifiable" meets a key source that
		 * cannot answer, others are users with these claims.
		 */
		@Bean
		JwtDecoder jwtDecoder() {
			Map<String, Map<String, Object>> users = Map.of("user",
					Map.of("sub", "user-sub", "scope", "openid", "realm_access", Map.of("roles", List.of("USER"))),
					"reader",
					Map.of("sub", "reader-sub", "scope", "things:read", "realm_access",
							Map.of("roles", List.of("USER"))),
					"admin", Map.of("sub", "admin-sub", "scope", "things:read", "realm_access",
							Map.of("roles", List.of("ADMIN"))));
			return (token) -> {
				decoded.add(token);
				if ("forged".equals(token)) {
					throw new BadJwtException("Signed JWT rejected: Invalid signature");
				}
				if ("unverifiable".equals(token)) {
					throw new JwtException("Couldn't retrieve remote JWK set");
				}
				return Jwt.withTokenValue(token)
					.header("alg", "RS256")
					.claims((claims) -> claims.putAll(users.get(token)))
					.issuedAt(Instant.now())
					.expiresAt(Instant.now().plusSeconds(60))
					.build();
			};
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, ShopResourceServer resourceServer) {
			resourceServer.configure(http, ServiceCallers.allow("/api/**", "api-gateway"));
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/things")
				.hasAuthority("SCOPE_things:read")
				.anyRequest()
				.authenticated());
			return http.build();
		}

		@Bean
		Owners owners() {
			return new Owners();
		}

		@Bean
		Things things() {
			return new Things();
		}

	}

	/** The owner of thing {@code x} is the user whose subject is {@code x}. */
	static class Owners {

		public boolean isOwner(String id, String sub) {
			return id.equals(sub);
		}

	}

	@RestController
	static class Things {

		@GetMapping("/api/things")
		String list(Authentication authentication) {
			return authentication.getName() + " "
					+ authentication.getAuthorities().stream().map(Object::toString).sorted().toList();
		}

		@PostMapping("/api/things")
		String add() {
			return "added";
		}

		@GetMapping("/api/things/log-fields")
		String logFields() {
			return UserLogContextFilter.USER_ID + "=" + MDC.get(UserLogContextFilter.USER_ID) + " "
					+ ServiceCaller.LOG_FIELD + "=" + MDC.get(ServiceCaller.LOG_FIELD);
		}

		@GetMapping("/api/things/{id}")
		@OwnerOrAdmin(owners = "owners")
		String get(@PathVariable String id) {
			return id;
		}

	}

}
