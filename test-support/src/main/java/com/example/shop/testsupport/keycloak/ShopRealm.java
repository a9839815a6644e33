package com.example.shop.testsupport.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.platform.RepositoryFiles;

/**
 * Names from the realm {@code shop} and access to its one JSON definition in
 * {@code auth-server}.
 */
public final class ShopRealm {

	public static final String NAME = "shop";

	public static final String FILE = "auth-server/realm/shop-realm.json";

	/**
	 * The demo users, a file of their own that Keycloak's import reads beside the realm's
	 * ({@code <realm>-users-<n>.json}): only the local demo and the tests import it, so
	 * an environment that does not add it has no demo user at all.
	 */
	public static final String DEMO_USERS_FILE = "auth-server/realm/demo/shop-users-0.json";

	public static final String GATEWAY_CLIENT = "gateway";

	public static final String ORDER_SERVICE_CLIENT = "order-service";

	public static final String PAYMENT_SERVICE_CLIENT = "payment-service";

	/**
	 * What the gateway asks for when a browser logs in: the user's scopes, in a token
	 * whose {@code aud} names the gateway only (the realm's API scopes are optional
	 * scopes of the gateway client, with no audience of their own).
	 */
	public static final String GATEWAY_LOGIN_SCOPE = "openid profile email orders:read orders:write payments:read"
			+ " admin:read";

	/**
	 * The gateway's token exchange for a service: the scope that puts the service in
	 * {@code aud} and the scopes the service's API needs, as the gateway's routes ask
	 * (Keycloak leaves out those the user may not have, such as {@code admin:read}).
	 * @param service {@code order-service} or {@code payment-service}
	 * @return the scope parameter
	 */
	public static String gatewayExchangeScope(String service) {
		return switch (service) {
			case ORDER_SERVICE_CLIENT -> "audience:order-service orders:read orders:write admin:read";
			case PAYMENT_SERVICE_CLIENT -> "audience:payment-service payments:read admin:read";
			default -> throw new IllegalArgumentException("The gateway routes to no " + service);
		};
	}

	/**
	 * The gateway's public address that tests register (the realm's
	 * {@code GATEWAY_PUBLIC_URL}): the browser-login test runs the gateway on this port.
	 */
	public static final String GATEWAY_PUBLIC_URL = "http://localhost:18080";

	public static final String GATEWAY_REDIRECT_URI = GATEWAY_PUBLIC_URL + "/login/oauth2/code/keycloak";

	/**
	 * Where the test Keycloak posts back-channel logout tokens: the browser-login test's
	 * gateway, reached from the container through the Docker host.
	 */
	public static final String GATEWAY_BACKCHANNEL_LOGOUT_URL = "http://host.docker.internal:18080"
			+ "/logout/connect/back-channel/keycloak";

	private ShopRealm() {
	}

	public static Path file() {
		return RepositoryFiles.resolve(FILE);
	}

	public static Path demoUsersFile() {
		return RepositoryFiles.resolve(DEMO_USERS_FILE);
	}

	/**
	 * The realm JSON as written in the repository, placeholders not substituted.
	 * @return the parsed realm
	 */
	public static Map<String, Object> json() {
		return read(file());
	}

	/**
	 * The demo users' JSON as written in the repository.
	 * @return the parsed users file ({@code realm} and {@code users})
	 */
	public static Map<String, Object> demoUsersJson() {
		return read(demoUsersFile());
	}

	private static Map<String, Object> read(Path file) {
		try {
			return Json.object(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
