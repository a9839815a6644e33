package com.example.shop.k8s;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an API server, a controller or a kubelet would refuse or break although every
 * schema passes: each rule of {@link ClusterRules} holds in every overlay, and each is
 * shown to catch its breach on a rendered object changed the wrong way (the manifests as
 * they were before these rules among them).
 */
class ClusterRuleTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("overlays")
	void renderWhenOverlayThenEveryClusterRuleHolds(String overlay) {
		List<Map<String, Object>> objects = Manifests.render(overlay);

		assertThat(ClusterRules.topologySpread(objects)).isEmpty();
		assertThat(ClusterRules.selectorsMatchTemplates(objects)).isEmpty();
		assertThat(ClusterRules.namedPortsAndTargets(objects)).isEmpty();
		assertThat(ClusterRules.referencesExist(objects)).isEmpty();
		assertThat(ClusterRules.gatewayRoutes(objects)).isEmpty();
		assertThat(ClusterRules.amounts(objects)).isEmpty();
		assertThat(ClusterRules.gracefulStop(objects)).isEmpty();
		assertThat(ClusterRules.certificates(objects)).isEmpty();
		assertThat(ClusterRules.jvmMemory(objects)).isEmpty();
	}

	@Test
	void jvmMemoryWhenSizedAsBeforeThenCaught() {
		// As it was: 512 Mi requested of a 768 Mi limit, three quarters of it heap (the
		// image's default), and Keycloak at 1 Gi of 1.5 Gi.
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> gateway = container(
				Manifests.podSpec(Manifests.find(objects, "Deployment", "api-gateway")));
		Manifests.map(gateway, "resources").put("requests", Map.of("cpu", "250m", "memory", "512Mi"));
		Manifests.map(gateway, "resources").put("limits", Map.of("cpu", "2", "memory", "768Mi"));
		Manifests.list(gateway.get("env")).removeIf((variable) -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")));
		Map<String, Object> keycloak = container(Manifests.podSpec(Manifests.find(objects, "Deployment", "keycloak")));
		Manifests.map(keycloak, "resources").put("requests", Map.of("cpu", "500m", "memory", "1Gi"));
		Manifests.map(keycloak, "resources").put("limits", Map.of("cpu", "2", "memory", "1536Mi"));

		assertThat(ClusterRules.jvmMemory(objects)).containsExactly(
				"Deployment api-gateway container api-gateway: memory request 512Mi below its limit 768Mi",
				"Deployment api-gateway container api-gateway: 192 MiB beside the heap, below 384",
				"Deployment keycloak container keycloak: memory request 1Gi below its limit 1536Mi",
				"Deployment keycloak container keycloak: below Keycloak's sizing guide (request 1250 MB, limit 1357 MB)");
	}

	@Test
	void trustedProxiesWhenEachOverlaySetsItsOwnThenHolds() {
		assertThat(ClusterRules.trustedProxiesPerCluster(ClusterRules.baseConfigLiterals(), rendered())).isEmpty();
	}

	@Test
	void trustedProxiesWhenProdInheritsDevValueThenCaught() {
		Map<String, List<Map<String, Object>>> overlays = rendered();
		String dev = (String) shopConfig(overlays.get("dev")).get("GATEWAY_TRUSTED_PROXIES");
		shopConfig(overlays.get("prod")).put("GATEWAY_TRUSTED_PROXIES", dev);
		Map<String, String> base = new HashMap<>(ClusterRules.baseConfigLiterals());
		base.put("GATEWAY_TRUSTED_PROXIES", dev);

		assertThat(ClusterRules.trustedProxiesPerCluster(base, overlays)).containsExactly(
				"base: sets GATEWAY_TRUSTED_PROXIES, which every overlay would inherit",
				"prod: GATEWAY_TRUSTED_PROXIES is dev's (" + dev + ")");
	}

	@Test
	void trustedProxiesWhenMissingOrNotARangeThenCaught() {
		Map<String, List<Map<String, Object>>> overlays = rendered();
		shopConfig(overlays.get("dev")).remove("GATEWAY_TRUSTED_PROXIES");
		shopConfig(overlays.get("prod")).put("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8,ingress-nginx");

		assertThat(ClusterRules.trustedProxiesPerCluster(ClusterRules.baseConfigLiterals(), overlays))
			.containsExactly("dev: GATEWAY_TRUSTED_PROXIES not set", "prod: ingress-nginx is not an address range");
	}

	@Test
	void topologySpreadWhenKeyInBothListsThenCaught() {
		// The constraint as it was: refused by the API server, so no pod ever started.
		assertThat(breach("api-gateway",
				(pod) -> constraint(pod).put("matchLabelKeys", List.of("app.kubernetes.io/name", "pod-template-hash")),
				ClusterRules::topologySpread))
			.containsExactly("Deployment api-gateway topology spread: key app.kubernetes.io/name in both "
					+ "matchLabelKeys and labelSelector");
		assertThat(
				breach("order-service", (pod) -> constraint(pod).remove("labelSelector"), ClusterRules::topologySpread))
			.containsExactly("Deployment order-service topology spread: matchLabelKeys without labelSelector");
		assertThat(breach("keycloak",
				(pod) -> constraint(pod).put("labelSelector",
						Map.of("matchLabels", Map.of("app.kubernetes.io/name", "keycloak-old"))),
				ClusterRules::topologySpread))
			.containsExactly("Deployment keycloak topology spread: labelSelector does not match the pod's labels");
		assertThat(breach("payment-service", (pod) -> constraint(pod).put("maxSkew", 0), ClusterRules::topologySpread))
			.containsExactly("Deployment payment-service topology spread: maxSkew must be greater than zero");
	}

	@Test
	void selectorWhenNotMatchingTemplateThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> deployment = Manifests.find(objects, "Deployment", "order-service");
		Manifests.map(deployment, "spec", "selector").put("matchLabels", Map.of("app.kubernetes.io/name", "orders"));

		assertThat(ClusterRules.selectorsMatchTemplates(objects))
			.containsExactly("Deployment order-service: selector does not match template labels");
	}

	@Test
	void namedPortsWhenProbeOrServiceNamesAMissingPortThenCaught() {
		assertThat(breach("api-gateway",
				(pod) -> Manifests.map(container(pod), "readinessProbe", "httpGet").put("port", "actuator"),
				ClusterRules::namedPortsAndTargets))
			.containsExactly(
					"Deployment api-gateway container api-gateway: readinessProbe port actuator is not a port of the "
							+ "container");
		assertThat(breach("payment-service",
				(pod) -> Manifests.list(container(pod).get("ports")).get(0).put("name", "management"),
				ClusterRules::namedPortsAndTargets))
			.contains(
					"Deployment payment-service container payment-service: port name management not unique in the pod",
					"Service payment-service: targetPort https is not a port of Deployment payment-service");
		assertThat(breach("order-service",
				(pod) -> Manifests.list(container(pod).get("ports")).get(1).put("name", "health-and-metrics"),
				ClusterRules::namedPortsAndTargets))
			.contains("Deployment order-service container order-service: port name health-and-metrics is not an "
					+ "IANA service name");
	}

	@Test
	void namedPortsWhenNothingSelectedOrTargetedThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("prod");
		Manifests.map(Manifests.find(objects, "PodDisruptionBudget", "keycloak"), "spec", "selector")
			.put("matchLabels", Map.of("app.kubernetes.io/name", "auth"));
		Manifests.map(Manifests.find(objects, "HorizontalPodAutoscaler", "order-service"), "spec", "scaleTargetRef")
			.put("name", "orders");

		assertThat(ClusterRules.namedPortsAndTargets(objects)).containsExactly(
				"PodDisruptionBudget keycloak: selects no workload",
				"HorizontalPodAutoscaler order-service: no Deployment orders");
	}

	@Test
	void referencesWhenConfigMapKeyOrCertificateSecretMissingThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> keycloak = Manifests.find(objects, "Deployment", "keycloak");
		Manifests.list(container(Manifests.podSpec(keycloak)).get("env"))
			.stream()
			.filter((variable) -> "GATEWAY_PUBLIC_URL".equals(variable.get("name")))
			.forEach((variable) -> Manifests.map(variable, "valueFrom", "configMapKeyRef").put("key", "PUBLIC_URL"));
		Manifests.list(Manifests.podSpec(Manifests.find(objects, "Deployment", "order-service")).get("volumes"))
			.get(0)
			.put("secret", Map.of("secretName", "order-service-cert"));
		Map<String, Object> gateway = Manifests.find(objects, "Gateway", "shop");
		Map<String, Object> listener = Manifests.list(Manifests.map(gateway, "spec").get("listeners")).get(0);
		Manifests.map(listener, "tls").put("certificateRefs", List.of(Map.of("name", "public-tls")));
		objects.removeIf((object) -> "ConfigMap".equals(Manifests.kind(object))
				&& Manifests.name(object).startsWith("keycloak-realm"));

		assertThat(ClusterRules.referencesExist(objects)).containsExactlyInAnyOrder(
				"Deployment keycloak volume realm: no ConfigMap "
						+ Manifests.generatedConfigMap(Manifests.render("dev"), "keycloak-realm"),
				"Deployment keycloak container keycloak: GATEWAY_PUBLIC_URL refers to missing "
						+ Manifests.generatedConfigMap(objects, "shop-config") + "/PUBLIC_URL",
				"Deployment order-service volume tls: no Certificate writes Secret order-service-cert",
				"Gateway shop listener https: no Certificate writes Secret public-tls");
	}

	@Test
	void routesWhenBackendParentHostOrPathWrongThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> shop = Manifests.find(objects, "HTTPRoute", "shop");
		Manifests.list(Manifests.list(Manifests.map(shop, "spec").get("rules")).get(0).get("backendRefs"))
			.get(0)
			.put("port", 9090);
		Manifests.map(shop, "spec").put("hostnames", List.of("www.localtest.me"));
		Map<String, Object> keycloak = Manifests.find(objects, "HTTPRoute", "keycloak");
		Manifests.list(Manifests.map(keycloak, "spec").get("parentRefs")).get(0).put("sectionName", "tls");
		Manifests
			.map(Manifests.list(Manifests.list(Manifests.map(keycloak, "spec").get("rules")).get(0).get("matches"))
				.get(0), "path")
			.put("value", "realms//shop");
		Map<String, Object> gateway = Manifests.find(objects, "Gateway", "shop");
		Manifests.list(Manifests.map(gateway, "spec").get("listeners")).get(1).remove("tls");
		Manifests.list(Manifests.map(gateway, "spec").get("listeners")).get(1).put("protocol", "HTTPS");

		assertThat(ClusterRules.gatewayRoutes(objects)).containsExactlyInAnyOrder(
				"Gateway shop listener http: tls must be specified for protocol HTTPS",
				"HTTPRoute shop: no Service api-gateway on port 9090",
				"HTTPRoute shop: www.localtest.me not in the public certificate",
				"HTTPRoute keycloak: Gateway shop has no listener tls",
				"HTTPRoute keycloak: path realms//shop must be absolute, without //");
	}

	@Test
	void amountsWhenAboveLimitsOrFightingTheAutoscalerThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("prod");
		Map<String, Object> gateway = Manifests.find(objects, "Deployment", "api-gateway");
		Manifests.map(gateway, "spec").put("replicas", 3);
		Manifests.map(container(Manifests.podSpec(gateway)), "resources", "requests").put("memory", "2Gi");
		Manifests.map(gateway, "spec", "strategy", "rollingUpdate").put("maxSurge", 0);
		Map<String, Object> keycloak = Manifests.find(objects, "Deployment", "keycloak");
		Manifests.map(keycloak, "spec", "template", "spec").put("terminationGracePeriodSeconds", 10);
		Manifests.map(Manifests.find(objects, "HorizontalPodAutoscaler", "payment-service"), "spec")
			.put("maxReplicas", 2);

		assertThat(ClusterRules.amounts(objects)).containsExactlyInAnyOrder(
				"HorizontalPodAutoscaler payment-service: maxReplicas below minReplicas",
				"Deployment api-gateway: scaled by an HPA but sets replicas",
				"Deployment api-gateway: maxSurge and maxUnavailable both 0",
				"Deployment api-gateway container api-gateway: memory request above its limit",
				"Deployment keycloak container keycloak: preStop sleep not shorter than the grace period");
	}

	@Test
	void gracefulStopWhenGraceOnlyCoversTheShutdownPhaseThenCaught() {
		// As it was: no preStop, and the default grace period of 30 s, which is Spring
		// Boot's shutdown phase alone.
		assertThat(breach("order-service", (pod) -> {
			pod.remove("terminationGracePeriodSeconds");
			container(pod).remove("lifecycle");
		}, ClusterRules::gracefulStop))
			.containsExactly("Deployment order-service container order-service: no preStop sleep of 5 s or more");
		assertThat(breach("api-gateway", (pod) -> pod.put("terminationGracePeriodSeconds", 30),
				ClusterRules::gracefulStop))
			.containsExactly("Deployment api-gateway container api-gateway: grace period 30 s < preStop 10 s + "
					+ "shutdown phase 30 s + margin 5 s");
	}

	@Test
	void gracefulStopWhenGraceLeavesNoRoomForTheDrainThenCaught() {
		// The grace period before the drain was added: enough for preStop and shutdown.
		assertThat(breach("payment-service", (pod) -> pod.put("terminationGracePeriodSeconds", 45),
				ClusterRules::gracefulStop))
			.containsExactly("Deployment payment-service container payment-service: grace period 45 s < preStop"
					+ " 10 s + drain 6 s + shutdown phase 30 s + margin 5 s");
	}

	@Test
	void certificatesWhenCaRekeysOrRenewalWindowsWrongThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Manifests.map(Manifests.find(objects, "Certificate", "shop-platform-ca"), "spec", "privateKey")
			.put("rotationPolicy", "Always");
		Map<String, Object> leaf = Manifests.map(Manifests.find(objects, "Certificate", "order-service-tls"), "spec");
		leaf.put("renewBefore", "24h");
		Map<String, Object> longLeaf = Manifests.map(Manifests.find(objects, "Certificate", "api-gateway-tls"), "spec");
		longLeaf.put("duration", "2160h");

		assertThat(ClusterRules.certificates(objects)).containsExactlyInAnyOrder(
				"Certificate shop-platform-ca: a CA renewed with a new key breaks trust between old and new leaves",
				"Certificate order-service-tls: renewBefore 24h must be less than duration 24h",
				"Certificate api-gateway-tls: duration 2160h is not shorter than the CA's renewal window 720h");
	}

	private static Map<String, List<Map<String, Object>>> rendered() {
		Map<String, List<Map<String, Object>>> rendered = new LinkedHashMap<>();
		Manifests.OVERLAYS.forEach((overlay) -> rendered.put(overlay, Manifests.render(overlay)));
		return rendered;
	}

	private static Map<String, Object> shopConfig(List<Map<String, Object>> objects) {
		return Manifests.map(Manifests.find(objects, "ConfigMap", Manifests.generatedConfigMap(objects, "shop-config")),
				"data");
	}

	private static Map<String, Object> constraint(Map<String, Object> pod) {
		return Manifests.list(pod.get("topologySpreadConstraints")).get(0);
	}

	private static Map<String, Object> container(Map<String, Object> pod) {
		return Manifests.list(pod.get("containers")).get(0);
	}

	private static List<String> breach(String deployment, Consumer<Map<String, Object>> change,
			java.util.function.Function<List<Map<String, Object>>, List<String>> rule) {
		List<Map<String, Object>> objects = Manifests.render("dev");
		change.accept(Manifests.podSpec(Manifests.find(objects, "Deployment", deployment)));
		return rule.apply(objects);
	}

}
