package com.example.shop.security;

import com.example.shop.security.audit.AuditEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity.OAuth2ResourceServerSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.OAuth2ResourceServerSpec.JwtSpec;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The reactive resource-server settings the gateway takes: which token reader, which
 * authorities, and what a token that cannot be checked answers.
 */
class ShopReactiveResourceServerTests {

	private final ShopReactiveResourceServer resourceServer = new ShopReactiveResourceServer(
			new KeycloakJwtAuthenticationConverter(),
			new ProblemDetailsServerAuthenticationEntryPoint(new AuditEvents(null)), "17");

	private final ServerBearerTokenAuthenticationConverter tokens = new ServerBearerTokenAuthenticationConverter();

	@Test
	void bearerTokensWhenAppliedThenTheGivenReaderAndTheProblemEntryPoint() {
		OAuth2ResourceServerSpec spec = apply();

		verify(spec).bearerTokenConverter(this.tokens);
		verify(spec).authenticationEntryPoint(this.resourceServer.entryPoint());
		assertThat(this.resourceServer.entryPoint()).isInstanceOf(ProblemDetailsServerAuthenticationEntryPoint.class);
	}

	@Test
	@SuppressWarnings("unchecked")
	void bearerTokensWhenJwtThenKeycloakRolesAndScopesBecomeAuthorities() {
		ArgumentCaptor<Customizer<JwtSpec>> jwt = ArgumentCaptor.forClass(Customizer.class);
		verify(apply()).jwt(jwt.capture());
		JwtSpec jwtSpec = mock(JwtSpec.class, RETURNS_SELF);
		jwt.getValue().customize(jwtSpec);
		ArgumentCaptor<Converter<Jwt, Mono<AbstractAuthenticationToken>>> converter = ArgumentCaptor
			.forClass(Converter.class);
		verify(jwtSpec).jwtAuthenticationConverter(converter.capture());

		AbstractAuthenticationToken authentication = converter.getValue()
			.convert(Jwt.withTokenValue("t")
				.header("alg", "RS256")
				.subject("subject-1")
				.claims((claims) -> claims
					.putAll(Map.of("realm_access", Map.of("roles", List.of("ADMIN")), "scope", "orders:read")))
				.issuedAt(Instant.now())
				.expiresAt(Instant.now().plusSeconds(60))
				.build())
			.block();

		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("ROLE_ADMIN", "SCOPE_orders:read");
		assertThat(authentication.getName()).isEqualTo("subject-1");
	}

	@Test
	void failureWhenKeysCannotBeHadThen503WithRetryAfterNot401() {
		MockServerWebExchange exchange = exchange();

		failures()
			.onAuthenticationFailure(new WebFilterExchange(exchange, (e) -> Mono.empty()),
					new AuthenticationServiceException("Could not fetch the realm's keys"))
			.block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("17");
		assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).isNull();
		assertThat(exchange.getResponse().getBodyAsString().block())
			.contains("\"detail\":\"The access token cannot be checked now; retry later.\"")
			.doesNotContain("realm's keys");
	}

	@Test
	void failureWhenTokenRefusedThen401InvalidTokenWithoutRetryAfter() {
		MockServerWebExchange exchange = exchange();

		failures()
			.onAuthenticationFailure(new WebFilterExchange(exchange, (e) -> Mono.empty()),
					new InvalidBearerTokenException("Jwt expired"))
			.block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isNull();
	}

	private OAuth2ResourceServerSpec apply() {
		OAuth2ResourceServerSpec spec = mock(OAuth2ResourceServerSpec.class, RETURNS_SELF);
		this.resourceServer.bearerTokens(this.tokens).customize(spec);
		return spec;
	}

	private ServerAuthenticationFailureHandler failures() {
		ArgumentCaptor<ServerAuthenticationFailureHandler> failures = ArgumentCaptor
			.forClass(ServerAuthenticationFailureHandler.class);
		verify(apply()).authenticationFailureHandler(failures.capture());
		return failures.getValue();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders"));
	}

}
