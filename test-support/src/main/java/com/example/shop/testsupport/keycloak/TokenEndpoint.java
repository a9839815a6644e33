package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.shop.testsupport.http.Http;
import com.example.shop.testsupport.http.Json;

/**
 * Keycloak's token endpoint, called as a confidential or public client would call it.
 */
public final class TokenEndpoint {

	private final HttpClient client = Http.client().build();

	private final URI uri;

	TokenEndpoint(URI uri) {
		this.uri = uri;
	}

	/**
	 * Exchanges an authorization code with the request's PKCE verifier.
	 * @param request the authorization request the code answers
	 * @param code the code from the redirect
	 * @param clientSecret the secret of the request's client
	 * @return the endpoint's answer
	 */
	public TokenEndpointResult exchangeCode(AuthorizationRequest request, String code, String clientSecret) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", request.redirectUri());
		if (request.pkce() != null) {
			form.put("code_verifier", request.pkce().verifier());
		}
		return post(form, request.clientId(), clientSecret);
	}

	public TokenEndpointResult clientCredentials(String clientId, String clientSecret) {
		return post(Map.of("grant_type", "client_credentials"), clientId, clientSecret);
	}

	/**
	 * A standard token exchange (RFC 8693) of an access token, as a service does it.
	 * @param subjectToken the access token to exchange
	 * @param audience the client the new token is for, or {@code null} for none
	 * @param scope the scopes asked for, or {@code null} for none
	 * @param clientId the exchanging client
	 * @param clientSecret its secret, or {@code null} for a public client
	 * @return the endpoint's answer
	 */
	public TokenEndpointResult exchange(String subjectToken, String audience, String scope, String clientId,
			String clientSecret) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
		form.put("subject_token", subjectToken);
		form.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
		form.put("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
		if (audience != null) {
			form.put("audience", audience);
		}
		if (scope != null) {
			form.put("scope", scope);
		}
		return post(form, clientId, clientSecret);
	}

	/**
	 * Posts a token request; a confidential client authenticates with HTTP Basic
	 * ({@code client_secret_basic}), a public one names itself in the form.
	 * @param form the request parameters
	 * @param clientId the client
	 * @param clientSecret its secret, or {@code null} for a public client
	 * @return the endpoint's answer
	 */
	public TokenEndpointResult post(Map<String, String> form, String clientId, String clientSecret) {
		var request = Http.request(this.uri).header("Content-Type", "application/x-www-form-urlencoded");
		Map<String, String> fields = new LinkedHashMap<>(form);
		if (clientSecret != null) {
			// RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined.
			String credentials = Http.urlEncode(clientId) + ":" + Http.urlEncode(clientSecret);
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		else {
			fields.put("client_id", clientId);
		}
		HttpResponse<String> response = Http.send(this.client, request.POST(Http.form(fields)).build());
		String body = response.body();
		return new TokenEndpointResult(response.statusCode(), body.isBlank() ? Map.of() : Json.object(body));
	}

}
