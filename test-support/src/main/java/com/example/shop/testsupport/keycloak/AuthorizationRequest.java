package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.shop.testsupport.http.Http;

/**
 * An OIDC authorization request (code flow) as a browser would be sent to Keycloak with
 * it. Built correctly by {@link #forGateway()}; the {@code with...} methods make the
 * variants that tests use to show what Keycloak refuses.
 *
 * @param clientId the client that asks
 * @param redirectUri where Keycloak sends the browser back
 * @param scope requested scopes, space separated
 * @param state the CSRF token of the request
 * @param nonce the value the ID token must repeat
 * @param pkce the PKCE pair, or {@code null} to send no challenge
 * @param challengeMethod {@code S256}, or another method to try
 */
public record AuthorizationRequest(String clientId, String redirectUri, String scope, String state, String nonce,
		Pkce pkce, String challengeMethod) {

	/**
	 * A correct request of the {@code gateway} client, as the gateway makes it:
	 * registered redirect URI, the gateway's scopes, fresh state and nonce, PKCE with
	 * S256.
	 * @return the request
	 */
	public static AuthorizationRequest forGateway() {
		return new AuthorizationRequest(ShopRealm.GATEWAY_CLIENT, ShopRealm.GATEWAY_REDIRECT_URI,
				ShopRealm.GATEWAY_LOGIN_SCOPE, Randoms.urlSafe(16), Randoms.urlSafe(16), Pkce.generate(), "S256");
	}

	public AuthorizationRequest withScope(String scope) {
		return new AuthorizationRequest(this.clientId, this.redirectUri, scope, this.state, this.nonce, this.pkce,
				this.challengeMethod);
	}

	public AuthorizationRequest withRedirectUri(String redirectUri) {
		return new AuthorizationRequest(this.clientId, redirectUri, this.scope, this.state, this.nonce, this.pkce,
				this.challengeMethod);
	}

	public AuthorizationRequest withoutPkce() {
		return new AuthorizationRequest(this.clientId, this.redirectUri, this.scope, this.state, this.nonce, null,
				null);
	}

	/**
	 * The request with the PKCE challenge sent under another method; for {@code plain}
	 * the challenge is the verifier itself, as RFC 7636 defines it.
	 * @param method the challenge method
	 * @return the request
	 */
	public AuthorizationRequest withChallengeMethod(String method) {
		Pkce changed = "plain".equals(method) ? new Pkce(this.pkce.verifier(), this.pkce.verifier()) : this.pkce;
		return new AuthorizationRequest(this.clientId, this.redirectUri, this.scope, this.state, this.nonce, changed,
				method);
	}

	URI toUri(URI authorizationEndpoint) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", this.clientId);
		query.put("redirect_uri", this.redirectUri);
		query.put("scope", this.scope);
		query.put("state", this.state);
		query.put("nonce", this.nonce);
		if (this.pkce != null) {
			query.put("code_challenge", this.pkce.challenge());
			query.put("code_challenge_method", this.challengeMethod);
		}
		return URI.create(authorizationEndpoint + "?" + Http.encode(query));
	}

}
