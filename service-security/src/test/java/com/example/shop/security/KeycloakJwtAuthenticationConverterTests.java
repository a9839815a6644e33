package com.example.shop.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak claims to authorities.
 */
class KeycloakJwtAuthenticationConverterTests {

	private final KeycloakJwtAuthenticationConverter converter = new KeycloakJwtAuthenticationConverter();

	@Test
	void convertWhenRealmRolesAndScopesThenRoleAndScopeAuthorities() {
		AbstractAuthenticationToken authentication = this.converter.convert(jwt(Map.of("realm_access",
				Map.of("roles", List.of("USER", "ADMIN")), "scope", "openid orders:read  admin:read")));

		assertThat(authorities(authentication)).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN", "SCOPE_openid",
				"SCOPE_orders:read", "SCOPE_admin:read");
	}

	@Test
	void convertWhenTokenThenNameIsSubjectNotUsername() {
		AbstractAuthenticationToken authentication = this.converter
			.convert(jwt(Map.of("preferred_username", "alice", "scope", "orders:read")));

		assertThat(authentication.getName()).isEqualTo("subject-1");
	}

	@Test
	void convertWhenClientRolesOnlyThenNoRoleAuthorities() {
		AbstractAuthenticationToken authentication = this.converter.convert(
				jwt(Map.of("resource_access", Map.of("gateway", Map.of("roles", List.of("ADMIN"))), "scope", "email")));

		assertThat(authorities(authentication)).containsExactly("SCOPE_email");
	}

	@Test
	void convertWhenRolesClaimMalformedThenNoRoleAuthorities() {
		assertThat(authorities(this.converter.convert(jwt(Map.of("realm_access", "ADMIN"))))).isEmpty();
		assertThat(authorities(this.converter.convert(jwt(Map.of("realm_access", Map.of("roles", "ADMIN"))))))
			.isEmpty();
		assertThat(authorities(
				this.converter.convert(jwt(Map.of("realm_access", Map.of("roles", List.of(1, "", Map.of())))))))
			.isEmpty();
	}

	private static Jwt jwt(Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("subject-1")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(builder::claim);
		return builder.build();
	}

	private static List<String> authorities(AbstractAuthenticationToken authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
