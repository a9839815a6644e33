package com.example.shop.security.exchange;

import java.time.Instant;
import java.util.Map;

/**
 * A token Keycloak issued in an exchange.
 *
 * @param value the access token
 * @param expiresAt when it expires, from the answer's {@code expires_in}
 */
public record ExchangedToken(String value, Instant expiresAt) {

	/**
	 * Reads the token endpoint's answer to an exchange.
	 * @param status the HTTP status
	 * @param body the JSON body, empty if there was none
	 * @param now the time of the answer
	 * @return the token
	 * @throws TokenExchangeException {@code REFUSED} for an OAuth error answer (4xx),
	 * {@code UNAVAILABLE} for a server error or an answer that is not a usable token
	 */
	static ExchangedToken fromAnswer(int status, Map<String, Object> body, Instant now) {
		if (status >= 400 && status < 500 && body.get("error") instanceof String error) {
			throw TokenExchangeException.refused(status, error);
		}
		if (status != 200) {
			throw TokenExchangeException.unavailable("token endpoint answered " + status, null);
		}
		if (!(body.get("access_token") instanceof String value) || value.isBlank()
				|| !(body.get("expires_in") instanceof Number expiresIn) || expiresIn.longValue() <= 0) {
			throw TokenExchangeException.unavailable("token endpoint answered without a usable access token", null);
		}
		Object issuedType = body.get("issued_token_type");
		if (issuedType != null && !TokenExchangeRequest.ACCESS_TOKEN_TYPE.equals(issuedType)) {
			throw TokenExchangeException.unavailable("token endpoint issued " + issuedType, null);
		}
		return new ExchangedToken(value, now.plusSeconds(expiresIn.longValue()));
	}

	@Override
	public String toString() {
		return "ExchangedToken[expiresAt=" + this.expiresAt + "]";
	}

}
