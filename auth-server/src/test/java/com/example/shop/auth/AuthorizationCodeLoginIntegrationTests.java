package com.example.shop.auth;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.keycloak.AuthorizationRequest;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs demo users in through authorization code + PKCE against the real realm and checks
 * the access tokens Keycloak issues.
 */
class AuthorizationCodeLoginIntegrationTests {

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	void loginWhenAliceThenAccessTokenIsForTheGatewayOnlyWithUserRoleOnly() throws Exception {
		SignedJWT token = verified(this.keycloak.login(DemoUser.ALICE));
		JWTClaimsSet claims = token.getJWTClaimsSet();

		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(claims.getIssuer()).isEqualTo(this.keycloak.issuer());
		// The services get tokens exchanged from it (TokenExchangeIntegrationTests); this
		// one opens the gateway only.
		assertThat(claims.getAudience()).containsExactly(ShopRealm.GATEWAY_CLIENT);
		assertThat(realmRoles(claims)).contains("USER").doesNotContain("ADMIN");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(300));
		assertThat(claims.getStringClaim("typ")).isEqualTo("Bearer");
		assertThat(claims.getStringClaim("azp")).isEqualTo(ShopRealm.GATEWAY_CLIENT);
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
		assertThat(claims.getSubject()).isNotBlank();
		assertThat(scopes(claims)).contains("orders:read", "orders:write", "payments:read")
			.doesNotContain("admin:read");
	}

	@Test
	void loginWhenAdminThenAccessTokenHasAdminRoleAndAdminScope() throws Exception {
		JWTClaimsSet claims = verified(this.keycloak.login(DemoUser.ADMIN)).getJWTClaimsSet();

		assertThat(realmRoles(claims)).contains("USER", "ADMIN");
		assertThat(scopes(claims)).contains("admin:read", "orders:read");
	}

	@Test
	void loginWhenAliceAsksForAdminScopeThenItIsNotGranted() throws Exception {
		AuthorizationRequest request = AuthorizationRequest.forGateway().withScope("openid admin:read");

		JWTClaimsSet claims = verified(this.keycloak.login(DemoUser.ALICE, request)).getJWTClaimsSet();

		assertThat(scopes(claims)).doesNotContain("admin:read");
		assertThat(realmRoles(claims)).doesNotContain("ADMIN");
	}

	@Test
	void loginWhenTwoUsersThenSubjectsDiffer() throws Exception {
		String alice = this.keycloak.login(DemoUser.ALICE).parsedAccessToken().getJWTClaimsSet().getSubject();
		String bob = this.keycloak.login(DemoUser.BOB).parsedAccessToken().getJWTClaimsSet().getSubject();

		assertThat(alice).isNotEqualTo(bob);
	}

	private SignedJWT verified(TokenResponse tokens) throws Exception {
		SignedJWT token = tokens.parsedAccessToken();
		JWKSet keys = JWKSet.load(new URL(this.keycloak.jwkSetUri().toString()));
		RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(key).as("signing key in the realm's JWKS").isNotNull();
		assertThat(token.verify(new RSASSAVerifier(key))).as("signature").isTrue();
		return token;
	}

	@SuppressWarnings("unchecked")
	private static List<String> realmRoles(JWTClaimsSet claims) throws Exception {
		Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
		assertThat(realmAccess).as("realm_access claim").isNotNull();
		return (List<String>) realmAccess.get("roles");
	}

	private static List<String> scopes(JWTClaimsSet claims) throws Exception {
		return List.of(claims.getStringClaim("scope").split(" "));
	}

}
