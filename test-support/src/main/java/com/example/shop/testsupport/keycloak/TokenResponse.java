package com.example.shop.testsupport.keycloak;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;

/**
 * A successful answer of Keycloak's token endpoint.
 *
 * @param accessToken the access token (a JWT)
 * @param idToken the ID token, or {@code null} when none was issued
 * @param refreshToken the refresh token, or {@code null} when none was issued
 * @param scope the granted scopes, space separated
 * @param expiresIn lifetime of the access token in seconds
 */
public record TokenResponse(String accessToken, String idToken, String refreshToken, String scope, long expiresIn) {

	static TokenResponse from(Map<String, Object> json) {
		Object expiresIn = json.get("expires_in");
		return new TokenResponse((String) json.get("access_token"), (String) json.get("id_token"),
				(String) json.get("refresh_token"), (String) json.get("scope"),
				(expiresIn instanceof Number number) ? number.longValue() : -1);
	}

	/**
	 * The access token parsed, not verified; verify its signature before trusting it.
	 * @return the parsed access token
	 */
	public SignedJWT parsedAccessToken() {
		try {
			return SignedJWT.parse(this.accessToken);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The access token is not a signed JWT", ex);
		}
	}

	@Override
	public String toString() {
		// Tokens are credentials: keep them out of test logs and assertion messages.
		return "TokenResponse[scope=" + this.scope + ", expiresIn=" + this.expiresIn + "]";
	}

}
