package com.example.shop.testsupport.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A PKCE code verifier and its S256 challenge (RFC 7636).
 *
 * @param verifier the secret the client keeps until it exchanges the code
 * @param challenge {@code BASE64URL(SHA-256(verifier))}, sent with the authorization
 * request
 */
public record Pkce(String verifier, String challenge) {

	public static Pkce generate() {
		String verifier = Randoms.urlSafe(32);
		return new Pkce(verifier, s256(verifier));
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Randoms.ENCODER.encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
