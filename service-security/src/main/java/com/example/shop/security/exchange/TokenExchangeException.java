package com.example.shop.security.exchange;

/**
 * A token exchange that gave no token. Its message never holds a token.
 */
public final class TokenExchangeException extends RuntimeException {

	private final Kind kind;

	private final String error;

	private TokenExchangeException(Kind kind, String error, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.error = error;
	}

	static TokenExchangeException refused(int status, String error) {
		return new TokenExchangeException(Kind.REFUSED, error, "Token exchange refused (" + status + " " + error + ")",
				null);
	}

	static TokenExchangeException unavailable(String reason, Throwable cause) {
		return new TokenExchangeException(Kind.UNAVAILABLE, null, "Token exchange failed: " + reason, cause);
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * The OAuth error code of a refusal.
	 * @return the code, e.g. {@code invalid_request}, or {@code null} when the token
	 * endpoint did not answer
	 */
	public String error() {
		return this.error;
	}

	/**
	 * Why no token came.
	 */
	public enum Kind {

		/**
		 * Keycloak answered and refused: the subject token is no longer valid (its
		 * session ended), or the exchange is outside what the realm allows this client.
		 */
		REFUSED,

		/** Keycloak did not answer in time, failed, or answered something unusable. */
		UNAVAILABLE

	}

}
