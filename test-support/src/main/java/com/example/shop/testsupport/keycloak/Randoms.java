package com.example.shop.testsupport.keycloak;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable values for secrets, state, nonces and PKCE verifiers.
 */
public final class Randoms {

	static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final SecureRandom RANDOM = new SecureRandom();

	private Randoms() {
	}

	/**
	 * Random bytes as URL-safe Base64 text, for secrets and passwords a test makes.
	 * @param bytes how many random bytes
	 * @return the text
	 */
	public static String urlSafe(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return ENCODER.encodeToString(value);
	}

}
