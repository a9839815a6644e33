package com.example.shop.testsupport.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.example.shop.testsupport.containers.ContainerImages;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Keycloak with the realm {@code shop} imported from the repository's realm JSON, started
 * once per test JVM and shared by every test class. Client secrets are random for each
 * start and passed in through the realm's environment placeholders, as compose and
 * Kubernetes pass theirs.
 */
public final class ShopKeycloak {

	private static final String ADMIN_CLIENT = "shop-test-admin";

	private final Map<String, String> clientSecrets = Map.of(ShopRealm.GATEWAY_CLIENT, Randoms.urlSafe(32),
			ShopRealm.ORDER_SERVICE_CLIENT, Randoms.urlSafe(32));

	private final String adminSecret = Randoms.urlSafe(32);

	private final Map<String, String> probeClients = new ConcurrentHashMap<>();

	private final KeycloakContainer container;

	private ShopKeycloak() {
		this.container = new KeycloakContainer(ContainerImages.keycloak().asCanonicalNameString())
			.withBootstrapAdminDisabled()
			.withEnv("KC_BOOTSTRAP_ADMIN_CLIENT_ID", ADMIN_CLIENT)
			.withEnv("KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", this.adminSecret)
			.withEnv("GATEWAY_CLIENT_SECRET", this.clientSecrets.get(ShopRealm.GATEWAY_CLIENT))
			.withEnv("ORDER_SERVICE_CLIENT_SECRET", this.clientSecrets.get(ShopRealm.ORDER_SERVICE_CLIENT))
			.withEnv("GATEWAY_PUBLIC_URL", ShopRealm.GATEWAY_PUBLIC_URL)
			.withEnv("GATEWAY_BACKCHANNEL_LOGOUT_URL", ShopRealm.GATEWAY_BACKCHANNEL_LOGOUT_URL)
			.withExtraHost("host.docker.internal", "host-gateway")
			.withCopyFileToContainer(MountableFile.forHostPath(ShopRealm.file(), 0644),
					"/opt/keycloak/data/import/shop-realm.json")
			.withCopyFileToContainer(MountableFile.forHostPath(ShopRealm.demoUsersFile(), 0644),
					"/opt/keycloak/data/import/shop-users-0.json")
			.withStartupTimeout(Duration.ofMinutes(3));
	}

	/**
	 * The shared instance, started on first use.
	 * @return the running Keycloak
	 */
	public static ShopKeycloak get() {
		return Shared.INSTANCE;
	}

	/**
	 * The realm's issuer as tokens carry it in {@code iss}.
	 * @return the issuer URL
	 */
	public String issuer() {
		return this.container.getAuthServerUrl() + "/realms/" + ShopRealm.NAME;
	}

	public URI authorizationEndpoint() {
		return URI.create(issuer() + "/protocol/openid-connect/auth");
	}

	public URI jwkSetUri() {
		return URI.create(issuer() + "/protocol/openid-connect/certs");
	}

	public TokenEndpoint tokenEndpoint() {
		return realmLogin().tokenEndpoint();
	}

	/**
	 * The secret this start gave a confidential client of the realm.
	 * @param clientId {@code gateway} or {@code order-service}
	 * @return the secret
	 */
	public String clientSecret(String clientId) {
		String secret = this.clientSecrets.get(clientId);
		if (secret == null) {
			throw new IllegalArgumentException("No secret is configured for " + clientId);
		}
		return secret;
	}

	public BrowserLogin browserLogin(AuthorizationRequest request) {
		return realmLogin().browserLogin(request);
	}

	/**
	 * Logs a demo user in through the gateway client with authorization code and PKCE,
	 * exactly as a browser and the gateway would, and returns the tokens.
	 * @param user the demo user
	 * @return the user's tokens
	 */
	public TokenResponse login(DemoUser user) {
		return login(user, AuthorizationRequest.forGateway());
	}

	/**
	 * Logs a demo user in with the given authorization request.
	 * @param user the demo user
	 * @param request the authorization request
	 * @return the user's tokens
	 * @throws IllegalStateException when Keycloak issues no code or the answer fails a
	 * check
	 */
	public TokenResponse login(DemoUser user, AuthorizationRequest request) {
		return realmLogin().login(user, request);
	}

	/**
	 * A user's token as the gateway relays it to a service: logged in through the gateway
	 * client, then exchanged by the gateway for the service (RFC 8693), so that
	 * {@code aud} names that service only.
	 * @param user the demo user
	 * @param service {@code order-service} or {@code payment-service}
	 * @return the exchanged token
	 */
	public TokenResponse tokenFor(DemoUser user, String service) {
		return exchange(login(user).accessToken(), ShopRealm.GATEWAY_CLIENT, service,
				ShopRealm.gatewayExchangeScope(service))
			.tokens();
	}

	/**
	 * The token order-service sends payment-service for a user: the token order-service
	 * received, exchanged by order-service for payment-service.
	 * @param orderServiceToken a user's token for order-service
	 * @return the exchanged token
	 */
	public TokenResponse paymentTokenOf(String orderServiceToken) {
		return exchange(orderServiceToken, ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.PAYMENT_SERVICE_CLIENT, null)
			.tokens();
	}

	/**
	 * A standard token exchange by a confidential client of the realm.
	 * @param subjectToken the access token to exchange
	 * @param clientId {@code gateway} or {@code order-service}
	 * @param audience the client the new token is for, or {@code null}
	 * @param scope the scopes asked for, or {@code null}
	 * @return Keycloak's answer, refusals included
	 */
	public TokenEndpointResult exchange(String subjectToken, String clientId, String audience, String scope) {
		return tokenEndpoint().exchange(subjectToken, audience, scope, clientId, clientSecret(clientId));
	}

	private RealmLogin realmLogin() {
		return new RealmLogin(issuer(), this::clientSecret);
	}

	/**
	 * A service token of a confidential client with a service account, by client
	 * credentials.
	 * @param clientId the client, e.g. {@code order-service}
	 * @return the tokens
	 */
	public TokenResponse serviceToken(String clientId) {
		return tokenEndpoint()
			.post(Map.of("grant_type", "client_credentials", "scope", "payments:charge"), clientId,
					clientSecret(clientId))
			.tokens();
	}

	/**
	 * The secret of a confidential client with only a service account, made on first use
	 * for this Keycloak: the source of tokens that differ from a user's in chosen ways.
	 * @param clientId the client to make
	 * @param attributes client attributes, e.g. {@code access.token.lifespan}
	 * @param audiences client ids its tokens name in {@code aud}
	 * @return the client's secret
	 */
	public synchronized String probeClientSecret(String clientId, Map<String, String> attributes,
			List<String> audiences) {
		return this.probeClients.computeIfAbsent(clientId, (id) -> {
			List<Map<String, Object>> mappers = audiences.stream()
				.map((audience) -> Map.<String, Object>of("name", "audience " + audience, "protocol", "openid-connect",
						"protocolMapper", "oidc-audience-mapper", "config",
						Map.of("included.client.audience", audience, "access.token.claim", "true")))
				.toList();
			String secret = Randoms.urlSafe(32);
			admin().create("clients",
					Map.of("clientId", id, "publicClient", false, "secret", secret, "standardFlowEnabled", false,
							"directAccessGrantsEnabled", false, "serviceAccountsEnabled", true, "attributes",
							attributes, "protocolMappers", mappers));
			return secret;
		});
	}

	/**
	 * What a service of the platform is told about this Keycloak, by the environment
	 * variables a deployment sets: where tokens come from and where their keys are, and
	 * for order-service where and how it gets its own token.
	 * @return the variables
	 */
	public Map<String, String> serviceEnvironment() {
		return Map.of("KEYCLOAK_ISSUER_URI", issuer(), "KEYCLOAK_JWK_SET_URI", jwkSetUri().toString(),
				"KEYCLOAK_TOKEN_URI", issuer() + "/protocol/openid-connect/token", "ORDER_SERVICE_CLIENT_SECRET",
				clientSecret(ShopRealm.ORDER_SERVICE_CLIENT));
	}

	/**
	 * The same for a Spring Boot service a test starts in its own JVM.
	 * @param registry the test's dynamic properties
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		serviceEnvironment().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Freezes Keycloak's processes ({@code docker pause}): connections to it are accepted
	 * and never answered, as with a hung server or a network that drops packets. Always
	 * {@link #resume()} it: every test of the JVM shares this Keycloak.
	 */
	public void pause() {
		DockerClientFactory.instance().client().pauseContainerCmd(this.container.getContainerId()).exec();
	}

	/**
	 * Lets a paused Keycloak answer again.
	 */
	public void resume() {
		DockerClientFactory.instance().client().unpauseContainerCmd(this.container.getContainerId()).exec();
	}

	public KeycloakAdmin admin() {
		return new KeycloakAdmin(this.container.getAuthServerUrl(), ADMIN_CLIENT, this.adminSecret);
	}

	private ShopKeycloak start() {
		this.container.start();
		// Ryuk may be off (no registry to pull it from): stop the container when the
		// JVM ends.
		Runtime.getRuntime().addShutdownHook(new Thread(this.container::stop, "shop-keycloak-stop"));
		return this;
	}

	private static final class Shared {

		static final ShopKeycloak INSTANCE = new ShopKeycloak().start();

	}

}
