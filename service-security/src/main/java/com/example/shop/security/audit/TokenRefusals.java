package com.example.shop.security.audit;

import java.util.Locale;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a bearer token was refused, as one of a fixed set of reasons for audit events and
 * their counters: {@code missing}, {@code malformed}, {@code bad-signature},
 * {@code unknown-key}, {@code expired}, {@code not-yet-valid}, {@code wrong-issuer},
 * {@code wrong-audience}, {@code wrong-type}, {@code invalid-claims}, or {@code other}.
 * Read from the exception Spring Security refused it with: the validators' errors, or the
 * messages of Nimbus JOSE's decoding errors (which name the failed check, and which the
 * client never sees).
 */
public final class TokenRefusals {

	private TokenRefusals() {
	}

	/**
	 * The reason of a refusal.
	 * @param exception what Spring Security refused the request with
	 * @return one of the reasons above
	 */
	public static String reason(AuthenticationException exception) {
		if (exception instanceof AuthenticationCredentialsNotFoundException
				|| exception instanceof InsufficientAuthenticationException) {
			return "missing";
		}
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid) {
				return invalid.getErrors()
					.stream()
					.map(OAuth2Error::getDescription)
					.map(TokenRefusals::ofValidation)
					.findFirst()
					.orElse("invalid-claims");
			}
			messages.append(' ').append(cause.getMessage());
		}
		return ofDecoding(messages.toString().toLowerCase(Locale.ROOT));
	}

	private static String ofValidation(String description) {
		String text = String.valueOf(description).toLowerCase(Locale.ROOT);
		if (text.contains("expired")) {
			return "expired";
		}
		if (text.contains("used before")) {
			return "not-yet-valid";
		}
		if (text.contains("iss claim")) {
			return "wrong-issuer";
		}
		if (text.contains("aud claim")) {
			return "wrong-audience";
		}
		if (text.contains("typ")) {
			return "wrong-type";
		}
		return "invalid-claims";
	}

	private static String ofDecoding(String messages) {
		if (messages.contains("invalid signature")) {
			return "bad-signature";
		}
		if (messages.contains("no matching key") || messages.contains("another algorithm expected")) {
			return "unknown-key";
		}
		if (messages.contains("malformed") || messages.contains("invalid jwt serialization")
				|| messages.contains("unsecured") || messages.contains("parse") || messages.contains("unsupported")) {
			return "malformed";
		}
		if (messages.contains("expired")) {
			return "expired";
		}
		return "other";
	}

}
