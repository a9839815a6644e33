package com.example.shop.security.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * One token exchange: the user's token this service received, for a token meant for one
 * other service.
 *
 * @param subjectToken the access token to exchange, as received
 * @param subjectExpiresAt when it expires: an exchanged token is never kept longer
 * @param audience the client id of the service the new token is for
 * @param scope the scopes to ask for, space-separated; empty for the requesting client's
 * default scopes only
 */
public record TokenExchangeRequest(String subjectToken, Instant subjectExpiresAt, String audience, String scope) {

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	public TokenExchangeRequest {
		Objects.requireNonNull(subjectToken, "subjectToken");
		Objects.requireNonNull(subjectExpiresAt, "subjectExpiresAt");
		Objects.requireNonNull(audience, "audience");
		scope = (scope != null) ? scope.strip() : "";
	}

	/**
	 * The form posted to the token endpoint (the client authenticates separately).
	 * @return the parameters
	 */
	MultiValueMap<String, String> form() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", GRANT_TYPE);
		form.add("subject_token", this.subjectToken);
		form.add("subject_token_type", ACCESS_TOKEN_TYPE);
		form.add("requested_token_type", ACCESS_TOKEN_TYPE);
		form.add("audience", this.audience);
		if (!this.scope.isEmpty()) {
			form.add("scope", this.scope);
		}
		return form;
	}

	/**
	 * What the exchanged token is kept under: the subject token by its SHA-256 (the cache
	 * never holds the token a user sent), the audience and the scopes.
	 * @return the key
	 */
	Key key() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(this.subjectToken.getBytes(StandardCharsets.US_ASCII));
			return new Key(HexFormat.of().formatHex(digest), this.subjectExpiresAt, this.audience, this.scope);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "TokenExchangeRequest[audience=" + this.audience + ", scope=" + this.scope + "]";
	}

	/**
	 * A cache key.
	 *
	 * @param subjectDigest the subject token's SHA-256, hex
	 * @param subjectExpiresAt when the subject token expires
	 * @param audience the audience asked for
	 * @param scope the scopes asked for
	 */
	record Key(String subjectDigest, Instant subjectExpiresAt, String audience, String scope) {

	}

}
