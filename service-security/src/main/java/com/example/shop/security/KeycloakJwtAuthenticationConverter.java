package com.example.shop.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Keycloak claims to Spring Security authorities, for every service alike: realm roles
 * become {@code ROLE_*}, scopes {@code SCOPE_*}, and the principal's name is the token's
 * {@code sub} (stable, unlike a user name that can be changed).
 */
public final class KeycloakJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		return new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
	}

	static Collection<GrantedAuthority> authorities(Jwt jwt) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		strings(realmRoles(jwt)).forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		String scope = jwt.getClaimAsString("scope");
		if (scope != null) {
			for (String value : scope.trim().split("\\s+")) {
				if (!value.isEmpty()) {
					authorities.add(new SimpleGrantedAuthority("SCOPE_" + value));
				}
			}
		}
		return authorities;
	}

	private static Object realmRoles(Jwt jwt) {
		Object realmAccess = jwt.getClaim("realm_access");
		return (realmAccess instanceof Map<?, ?> map) ? map.get("roles") : null;
	}

	// Only plain strings count: a claim of another shape grants nothing.
	private static List<String> strings(Object value) {
		if (!(value instanceof Collection<?> values)) {
			return List.of();
		}
		return values.stream()
			.filter(String.class::isInstance)
			.map(String.class::cast)
			.filter((role) -> !role.isBlank())
			.toList();
	}

}
