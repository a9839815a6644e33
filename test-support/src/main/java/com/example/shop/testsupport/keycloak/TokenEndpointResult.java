package com.example.shop.testsupport.keycloak;

import java.util.Map;

/**
 * What Keycloak's token endpoint answered, success or error.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
public record TokenEndpointResult(int status, Map<String, Object> body) {

	public boolean isSuccess() {
		return this.status == 200 && this.body.get("access_token") != null;
	}

	/**
	 * The OAuth error code ({@code invalid_grant}, {@code unauthorized_client}...).
	 * @return the error code, or {@code null} on success
	 */
	public String error() {
		return (String) this.body.get("error");
	}

	public String errorDescription() {
		return (String) this.body.get("error_description");
	}

	/**
	 * The tokens of a successful answer.
	 * @return the tokens
	 * @throws IllegalStateException when the endpoint answered an error
	 */
	public TokenResponse tokens() {
		if (!isSuccess()) {
			throw new IllegalStateException(
					"Token endpoint answered " + this.status + " " + error() + ": " + errorDescription());
		}
		return TokenResponse.from(this.body);
	}

	@Override
	public String toString() {
		return "TokenEndpointResult[status=" + this.status + ", error=" + error() + ", description="
				+ errorDescription() + "]";
	}

}
