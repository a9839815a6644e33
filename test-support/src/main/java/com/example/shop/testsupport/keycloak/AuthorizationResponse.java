package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Keycloak answered to a login: a redirect back to the client (with a code or an
 * error) or a page shown to the user (the login form again, an error page).
 *
 * @param status the HTTP status
 * @param location the redirect target, or {@code null} when Keycloak did not redirect
 * @param body the page Keycloak rendered, empty for a redirect
 */
public record AuthorizationResponse(int status, URI location, String body) {

	public boolean isRedirect() {
		return this.status == 302 || this.status == 303;
	}

	/**
	 * Whether this redirect goes to the given redirect URI (ignoring its query).
	 * @param redirectUri the registered redirect URI
	 * @return {@code true} for a redirect to exactly that address
	 */
	public boolean redirectsTo(String redirectUri) {
		if (!isRedirect() || this.location == null) {
			return false;
		}
		String target = this.location.toString();
		int query = target.indexOf('?');
		return ((query < 0) ? target : target.substring(0, query)).equals(redirectUri);
	}

	/**
	 * Parameters of the redirect (query and fragment), e.g. {@code code}, {@code state},
	 * {@code iss}, {@code error}.
	 * @return the parameters, empty when there is no redirect
	 */
	public Map<String, String> parameters() {
		if (this.location == null) {
			return Collections.emptyMap();
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String part : new String[] { this.location.getRawQuery(), this.location.getRawFragment() }) {
			if (part == null) {
				continue;
			}
			Arrays.stream(part.split("&")).filter((pair) -> !pair.isEmpty()).forEach((pair) -> {
				int eq = pair.indexOf('=');
				String name = (eq < 0) ? pair : pair.substring(0, eq);
				String value = (eq < 0) ? "" : pair.substring(eq + 1);
				parameters.put(decode(name), decode(value));
			});
		}
		return parameters;
	}

	/**
	 * The authorization code, if Keycloak issued one.
	 * @return the code or {@code null}
	 */
	public String code() {
		return parameters().get("code");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// The location may carry a code: show only where it points and any error.
		return "AuthorizationResponse[status=" + this.status + ", redirect="
				+ ((this.location != null) ? this.location.getHost() + this.location.getPath() : null) + ", error="
				+ parameters().get("error") + "]";
	}

}
