package com.example.shop.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.keycloak.ShopRealm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules the realm file must keep before any server reads it. The integration tests check
 * the same rules on a running Keycloak; these fail fast and name the line at fault.
 */
class ShopRealmJsonTests {

	private final Map<String, Object> realm = ShopRealm.json();

	@Test
	void everyClientDeclaresPasswordGrantAndImplicitFlowOff() {
		assertThat(clients()).isNotEmpty().allSatisfy((client) -> {
			assertThat(client).as(client.get("clientId") + " password grant")
				.containsEntry("directAccessGrantsEnabled", false);
			assertThat(client).as(client.get("clientId") + " implicit flow")
				.containsEntry("implicitFlowEnabled", false);
		});
	}

	@Test
	void adminCliIsDeclaredSoItsBuiltInPasswordGrantIsOff() {
		assertThat(client("admin-cli")).containsEntry("directAccessGrantsEnabled", false)
			.containsEntry("standardFlowEnabled", false);
	}

	@Test
	void clientSecretsAreEnvironmentPlaceholdersWithoutDefault() {
		assertThat(clients()).filteredOn((client) -> client.containsKey("secret"))
			.extracting((client) -> (String) client.get("secret"))
			.containsExactlyInAnyOrder("${GATEWAY_CLIENT_SECRET}", "${ORDER_SERVICE_CLIENT_SECRET}");
	}

	@Test
	@SuppressWarnings("unchecked")
	void gatewayIsConfidentialWithPkceS256AndExactRedirectUris() {
		Map<String, Object> gateway = client(ShopRealm.GATEWAY_CLIENT);
		assertThat(gateway).containsEntry("publicClient", false)
			.containsEntry("standardFlowEnabled", true)
			.containsEntry("serviceAccountsEnabled", false);
		assertThat((Map<String, Object>) gateway.get("attributes")).containsEntry("pkce.code.challenge.method", "S256");
		assertThat((List<String>) gateway.get("redirectUris")).isNotEmpty()
			.allSatisfy((uri) -> assertThat(uri).doesNotContain("*").endsWith("/login/oauth2/code/keycloak"));
	}

	@Test
	void tokensAreShortLivedRs256AndBruteForceIsDetected() {
		assertThat(this.realm).containsEntry("accessTokenLifespan", 300L)
			.containsEntry("defaultSignatureAlgorithm", "RS256")
			.containsEntry("bruteForceProtected", true)
			.containsEntry("failureFactor", 5L)
			.containsEntry("quickLoginCheckMilliSeconds", 1000L)
			.containsEntry("permanentLockout", false)
			.containsEntry("revokeRefreshToken", true)
			.containsEntry("sslRequired", "external");
	}

	@Test
	@SuppressWarnings("unchecked")
	void demoPasswordsSayTheyAreDemoData() {
		Map<String, Object> demo = ShopRealm.demoUsersJson();
		List<Map<String, Object>> users = (List<Map<String, Object>>) demo.get("users");
		assertThat(demo).containsEntry("realm", ShopRealm.NAME);
		assertThat(users).extracting((user) -> user.get("username")).containsExactly("alice", "bob", "admin");
		assertThat(users).allSatisfy((user) -> assertThat((List<Map<String, Object>>) user.get("credentials"))
			.extracting((credential) -> credential.get("value"))
			.containsExactly(user.get("username") + "-demo-password"));
	}

	@Test
	void realmWhenImportedAloneThenItHasNoUsers() {
		// Fails closed: a deployment that imports only the realm (production) has no demo
		// user, with or without any variable set.
		assertThat(this.realm).doesNotContainKey("users").doesNotContainKey("federatedUsers");
		assertThat(ShopRealm.file()).content().doesNotContain("-demo-password");
	}

	@Test
	@SuppressWarnings("unchecked")
	void tokenExchangeOnlyForTheGatewayAndOrderServiceAndAudiencesOnlyWhereTheyExchange() {
		assertThat(clients()).allSatisfy((client) -> {
			Map<String, Object> attributes = (Map<String, Object>) client.getOrDefault("attributes", Map.of());
			boolean exchanges = "true".equals(attributes.get("standard.token.exchange.enabled"));
			assertThat(exchanges).as(client.get("clientId") + " may exchange")
				.isEqualTo(List.of(ShopRealm.GATEWAY_CLIENT, ShopRealm.ORDER_SERVICE_CLIENT)
					.contains(client.get("clientId")));
		});
		// Which scopes put a service in aud: the two audience scopes only, and they are
		// optional scopes of the gateway alone.
		List<Map<String, Object>> scopes = (List<Map<String, Object>>) this.realm.get("clientScopes");
		assertThat(scopes).filteredOn((scope) -> audiences(scope).size() > 0)
			.extracting((scope) -> scope.get("name"))
			.containsExactlyInAnyOrder("audience:order-service", "audience:payment-service");
		assertThat(clients()).allSatisfy((client) -> {
			List<String> all = new ArrayList<>();
			all.addAll((List<String>) client.getOrDefault("defaultClientScopes", List.of()));
			all.addAll((List<String>) client.getOrDefault("optionalClientScopes", List.of()));
			if (!ShopRealm.GATEWAY_CLIENT.equals(client.get("clientId"))) {
				assertThat(all).as(client.get("clientId") + "'s scopes")
					.noneMatch((name) -> name.startsWith("audience:"));
			}
		});
		assertThat((List<String>) client(ShopRealm.GATEWAY_CLIENT).get("defaultClientScopes"))
			.noneMatch((name) -> name.startsWith("audience:"));
		// A login token names the gateway; order-service's own tokens payment-service.
		assertThat(audiences(client(ShopRealm.GATEWAY_CLIENT))).containsExactly(ShopRealm.GATEWAY_CLIENT);
		assertThat(audiences(client("shop-cli"))).containsExactly(ShopRealm.GATEWAY_CLIENT);
		assertThat(audiences(client(ShopRealm.ORDER_SERVICE_CLIENT))).containsExactly(ShopRealm.PAYMENT_SERVICE_CLIENT);
	}

	@SuppressWarnings("unchecked")
	private static List<Object> audiences(Map<String, Object> holder) {
		return ((List<Map<String, Object>>) holder.getOrDefault("protocolMappers", List.of())).stream()
			.filter((mapper) -> "oidc-audience-mapper".equals(mapper.get("protocolMapper")))
			.map((mapper) -> ((Map<String, Object>) mapper.get("config")).get("included.client.audience"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> clients() {
		return (List<Map<String, Object>>) this.realm.get("clients");
	}

	private Map<String, Object> client(String clientId) {
		return clients().stream()
			.filter((client) -> clientId.equals(client.get("clientId")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No client " + clientId + " in the realm"));
	}

}
