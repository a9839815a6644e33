package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.http.Http;
import com.example.shop.testsupport.http.Json;

/**
 * Keycloak's admin REST API for the realm {@code shop}, authenticated as the bootstrap
 * admin service account by client credentials (no admin password, no password grant).
 */
public final class KeycloakAdmin {

	private final HttpClient client = Http.client().build();

	private final URI realmAdmin;

	private final TokenEndpoint masterTokens;

	private final String clientId;

	private final String clientSecret;

	/**
	 * The admin API of a Keycloak.
	 * @param serverUrl its base URL, e.g. {@code http://localhost:8180}
	 * @param clientId a bootstrap admin client of the master realm
	 * @param clientSecret that client's secret
	 */
	public KeycloakAdmin(String serverUrl, String clientId, String clientSecret) {
		this.realmAdmin = URI.create(serverUrl + "/admin/realms/" + ShopRealm.NAME);
		this.masterTokens = new TokenEndpoint(URI.create(serverUrl + "/realms/master/protocol/openid-connect/token"));
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	/**
	 * Every client of the realm, built-in ones included.
	 * @return the client representations
	 */
	public List<Map<String, Object>> clients() {
		return representations("/clients");
	}

	/**
	 * Every user of the realm.
	 * @return the user representations
	 */
	public List<Map<String, Object>> users() {
		return representations("/users");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> representations(String collection) {
		return Json.array(expect(200, send("GET", collection, null)).body())
			.stream()
			.map((representation) -> (Map<String, Object>) representation)
			.toList();
	}

	/**
	 * The current secret of a confidential client.
	 * @param id the client's internal id
	 * @return the secret, or {@code null} when the client has none
	 */
	public String clientSecret(String id) {
		return (String) Json.object(expect(200, send("GET", "/clients/" + id + "/client-secret", null)).body())
			.get("value");
	}

	/**
	 * Creates a client or a user and returns its id.
	 * @param collection {@code clients} or {@code users}
	 * @param representation the JSON representation
	 * @return the internal id of what was created
	 */
	public String create(String collection, Map<String, ?> representation) {
		HttpResponse<String> response = expect(201, send("POST", "/" + collection, Json.write(representation)));
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.substring(location.lastIndexOf('/') + 1);
	}

	/**
	 * Ends every session of a user ({@code POST users/{id}/logout}), as an admin would;
	 * Keycloak then sends back-channel logout tokens to the clients that registered a
	 * URL.
	 * @param username the user's name
	 */
	public void logOut(String username) {
		String id = users().stream()
			.filter((user) -> username.equals(user.get("username")))
			.map((user) -> (String) user.get("id"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No user " + username));
		expect(204, send("POST", "/users/" + id + "/logout", null));
	}

	public void delete(String collection, String id) {
		expect(204, send("DELETE", "/" + collection + "/" + id, null));
	}

	private HttpResponse<String> send(String method, String path, String json) {
		String token = this.masterTokens.clientCredentials(this.clientId, this.clientSecret).tokens().accessToken();
		HttpRequest.Builder request = Http.request(URI.create(this.realmAdmin + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return Http.send(this.client, request.build());
	}

	private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		return response;
	}

}
