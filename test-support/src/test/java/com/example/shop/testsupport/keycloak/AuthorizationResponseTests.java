package com.example.shop.testsupport.keycloak;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading Keycloak's redirect back to the client.
 */
class AuthorizationResponseTests {

	private static final String REDIRECT = "http://localhost:8080/login/oauth2/code/keycloak";

	@Test
	void parametersWhenCodeRedirectThenDecoded() {
		AuthorizationResponse response = new AuthorizationResponse(302,
				URI.create(REDIRECT + "?state=a%2Bb&iss=http%3A%2F%2Fkc%2Frealms%2Fshop&code=c.1"), "");

		assertThat(response.redirectsTo(REDIRECT)).isTrue();
		assertThat(response.code()).isEqualTo("c.1");
		assertThat(response.parameters()).containsEntry("state", "a+b").containsEntry("iss", "http://kc/realms/shop");
	}

	@Test
	void redirectsToWhenOtherPathOrHostThenFalse() {
		assertThat(new AuthorizationResponse(302, URI.create(REDIRECT + "/extra?code=x"), "").redirectsTo(REDIRECT))
			.isFalse();
		assertThat(
				new AuthorizationResponse(302, URI.create("http://evil.example/login/oauth2/code/keycloak?code=x"), "")
					.redirectsTo(REDIRECT))
			.isFalse();
	}

	@Test
	void codeWhenPageInsteadOfRedirectThenNull() {
		AuthorizationResponse response = new AuthorizationResponse(200, null, "<html>login</html>");

		assertThat(response.isRedirect()).isFalse();
		assertThat(response.code()).isNull();
		assertThat(response.redirectsTo(REDIRECT)).isFalse();
	}

	@Test
	void toStringWhenCodePresentThenCodeNotShown() {
		AuthorizationResponse response = new AuthorizationResponse(302, URI.create(REDIRECT + "?code=secret-code"), "");

		assertThat(response.toString()).doesNotContain("secret-code");
	}

}
