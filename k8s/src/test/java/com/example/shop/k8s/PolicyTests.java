package com.example.shop.k8s;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's deployment rules hold in every overlay, and each rule catches the breach
 * it is there for (shown on a rendered object changed the wrong way).
 */
class PolicyTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("overlays")
	void renderWhenOverlayThenEveryRuleHolds(String overlay) {
		List<Map<String, Object>> objects = Manifests.render(overlay);

		assertThat(Policies.workloads(objects)).hasSizeGreaterThanOrEqualTo(4);
		assertThat(Policies.restrictedSecurityContext(objects)).isEmpty();
		assertThat(Policies.resourcesAndProbes(objects)).isEmpty();
		assertThat(Policies.pinnedImages(objects)).isEmpty();
		assertThat(Policies.noSecretValues(objects)).isEmpty();
		assertThat(Policies.noUnneededServiceAccountToken(objects)).isEmpty();
		// Nobody gets API rights from the platform's manifests: in particular none to
		// create Certificates in the namespace, which would mint service identities.
		assertThat(objects).extracting(Manifests::kind)
			.doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void renderWhenOverlayThenNamespaceEnforcesRestricted(String overlay) {
		Map<String, Object> namespace = Manifests.find(Manifests.render(overlay), "Namespace", "shop");

		assertThat(Manifests.strings(Manifests.map(namespace, "metadata").get("labels")))
			.containsEntry("pod-security.kubernetes.io/enforce", "restricted")
			.containsEntry("pod-security.kubernetes.io/warn", "restricted")
			.containsEntry("pod-security.kubernetes.io/audit", "restricted");
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void routesWhenOverlayThenOfKeycloakOnlyTheShopRealmAndItsResources(String overlay) {
		List<String> keycloakPaths = Manifests.ofKind(Manifests.render(overlay), "HTTPRoute")
			.flatMap((route) -> Manifests.list(Manifests.map(route, "spec").get("rules")).stream())
			.filter((rule) -> Manifests.list(rule.get("backendRefs"))
				.stream()
				.anyMatch((backend) -> "keycloak".equals(backend.get("name"))))
			.flatMap((rule) -> Manifests.list(rule.get("matches")).stream())
			.map((match) -> Manifests.map(match, "path").get("type") + " " + Manifests.map(match, "path").get("value"))
			.toList();

		// The master realm's login and the admin console are not on the internet.
		// PathPrefix matches whole segments: /realms/shop, never /realms/shopping.
		assertThat(keycloakPaths).containsExactlyInAnyOrder("PathPrefix /realms/shop", "PathPrefix /resources");
	}

	@Test
	void keycloakImportWhenDevThenRealmAndDemoUsers() {
		assertThat(Policies.keycloakImportFiles(Manifests.render("dev"))).containsExactlyInAnyOrder("shop-realm.json",
				"shop-users-0.json");
	}

	@Test
	void keycloakImportWhenProdThenTheRealmAloneAndNoDemoPasswordAnywhere() {
		List<Map<String, Object>> objects = Manifests.render("prod");

		assertThat(Policies.keycloakImportFiles(objects)).containsExactly("shop-realm.json");
		assertThat(objects).allSatisfy((object) -> assertThat(object.toString()).as(Manifests.describe(object))
			.doesNotContain("-demo-password")
			.doesNotContain("@shop.example\""));
	}

	@Test
	void securityContextWhenWeakenedThenCaught() {
		assertThat(breach("order-service", (container) -> securityContext(container).put("runAsNonRoot", false),
				Policies::restrictedSecurityContext))
			.containsExactly("Deployment order-service container order-service: runAsNonRoot is not true");
		assertThat(breach("keycloak", (container) -> securityContext(container).remove("readOnlyRootFilesystem"),
				Policies::restrictedSecurityContext))
			.containsExactly("Deployment keycloak container keycloak: readOnlyRootFilesystem is not true");
		assertThat(
				breach("api-gateway", (container) -> securityContext(container).put("allowPrivilegeEscalation", true),
						Policies::restrictedSecurityContext))
			.containsExactly("Deployment api-gateway container api-gateway: allowPrivilegeEscalation is not false");
		assertThat(breach("payment-service",
				(container) -> Manifests.map(container, "securityContext", "capabilities")
					.put("drop", List.of("NET_RAW")),
				Policies::restrictedSecurityContext))
			.containsExactly("Deployment payment-service container payment-service: capabilities do not drop ALL");
		assertThat(breach("payment-service", (container) -> securityContext(container).remove("seccompProfile"),
				Policies::restrictedSecurityContext))
			.as("the pod's own seccompProfile still applies")
			.isEmpty();
	}

	@Test
	void seccompWhenNeitherContainerNorPodSetsItThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> redis = Manifests.find(objects, "Deployment", "redis");
		Manifests.map(Manifests.podSpec(redis), "securityContext").remove("seccompProfile");
		securityContext(Manifests.containers(Manifests.podSpec(redis)).get(0)).remove("seccompProfile");

		assertThat(Policies.restrictedSecurityContext(objects))
			.containsExactly("Deployment redis container redis: seccompProfile is null");
	}

	@Test
	void resourcesOrProbesWhenMissingThenCaught() {
		assertThat(breach("api-gateway", (container) -> Manifests.map(container, "resources").remove("limits"),
				Policies::resourcesAndProbes))
			.containsExactly("Deployment api-gateway container api-gateway: no cpu limits",
					"Deployment api-gateway container api-gateway: no memory limits");
		assertThat(breach("keycloak", (container) -> container.remove("startupProbe"), Policies::resourcesAndProbes))
			.containsExactly("Deployment keycloak container keycloak: no startupProbe");
	}

	@Test
	void imageWhenLatestOrUntaggedThenCaught() {
		assertThat(breach("order-service", (container) -> container.put("image", "shop/order-service:latest"),
				Policies::pinnedImages))
			.containsExactly(
					"Deployment order-service container order-service: image shop/order-service:latest has no version");
		assertThat(breach("order-service",
				(container) -> container.put("image", "registry.example.com:5000/shop/order-service"),
				Policies::pinnedImages))
			.hasSize(1);
		assertThat(breach("order-service",
				(container) -> container.put("image", "shop/order-service@sha256:" + "0".repeat(64)),
				Policies::pinnedImages))
			.isEmpty();
	}

	@Test
	void secretValueWhenWrittenThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("prod");
		objects.add(Manifests.parse("""
				apiVersion: v1
				kind: Secret
				metadata: {name: gateway-client, namespace: shop}
				stringData: {client-secret: not-in-git-please}
				""").get(0));
		Manifests.ofKind(objects, "ConfigMap")
			.filter((configMap) -> Manifests.name(configMap).startsWith("shop-config-"))
			.forEach((configMap) -> Manifests.map(configMap, "data").put("REDIS_PASSWORD", "hunter2"));
		Map<String, Object> gateway = Manifests.find(objects, "Deployment", "api-gateway");
		Manifests.list(Manifests.containers(Manifests.podSpec(gateway)).get(0).get("env"))
			.stream()
			.filter((variable) -> "GATEWAY_CLIENT_SECRET".equals(variable.get("name")))
			.forEach((variable) -> {
				variable.remove("valueFrom");
				variable.put("value", "literal");
			});

		assertThat(Policies.noSecretValues(objects)).hasSize(3)
			.anySatisfy((violation) -> assertThat(violation).isEqualTo("Secret gateway-client: holds values"))
			.anySatisfy((violation) -> assertThat(violation).endsWith(": key REDIS_PASSWORD looks like a secret"))
			.anySatisfy((violation) -> assertThat(violation)
				.isEqualTo("Deployment api-gateway container api-gateway: GATEWAY_CLIENT_SECRET has a literal value"));
	}

	@Test
	void serviceAccountTokenWhenMountedThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Manifests.podSpec(Manifests.find(objects, "Deployment", "payment-service"))
			.remove("automountServiceAccountToken");
		Manifests.podSpec(Manifests.find(objects, "StatefulSet", "postgres")).put("automountServiceAccountToken", true);

		assertThat(Policies.noUnneededServiceAccountToken(objects)).containsExactly(
				"Deployment payment-service: mounts a service-account token it does not need",
				"StatefulSet postgres: mounts a service-account token it does not need");
	}

	private static List<String> breach(String deployment, Consumer<Map<String, Object>> change,
			Function<List<Map<String, Object>>, List<String>> rule) {
		List<Map<String, Object>> objects = Manifests.render("dev");
		change
			.accept(Manifests.containers(Manifests.podSpec(Manifests.find(objects, "Deployment", deployment))).get(0));
		return rule.apply(objects);
	}

	private static Map<String, Object> securityContext(Map<String, Object> container) {
		return Manifests.map(container, "securityContext");
	}

}
