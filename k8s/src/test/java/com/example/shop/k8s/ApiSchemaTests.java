package com.example.shop.k8s;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object of every overlay is valid for Kubernetes 1.34 and cert-manager, checked
 * offline; and the check does fail on the mistakes it is there for.
 */
class ApiSchemaTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("overlays")
	void renderWhenOverlayThenEveryObjectMatchesItsSchema(String overlay) {
		List<Map<String, Object>> objects = Manifests.render(overlay);

		assertThat(objects).hasSizeGreaterThan(30);
		assertThat(objects).allSatisfy(
				(object) -> assertThat(ApiSchemas.problems(object)).as("%s in %s", Manifests.describe(object), overlay)
					.isEmpty());
	}

	@Test
	void validateWhenContainerFieldMisspeltThenRefused() {
		Map<String, Object> deployment = renderedDeployment();
		Map<String, Object> securityContext = container(deployment).get("securityContext") instanceof Map<?, ?> map
				? cast(map) : Map.of();
		securityContext.put("readOnlyRootFileSystem", securityContext.remove("readOnlyRootFilesystem"));

		assertThat(ApiSchemas.problems(deployment)).singleElement()
			.asString()
			.contains("readOnlyRootFileSystem", "V1SecurityContext");
	}

	@Test
	void validateWhenRequiredFieldMissingThenRefused() {
		Map<String, Object> deployment = renderedDeployment();
		Manifests.map(deployment, "spec").remove("selector");

		assertThat(ApiSchemas.problems(deployment)).singleElement().asString().contains("selector");
	}

	@Test
	void validateWhenValueOfWrongTypeThenRefused() {
		Map<String, Object> deployment = renderedDeployment();
		container(deployment).put("ports", Map.of("containerPort", 8080));
		Map<String, Object> hpa = Manifests.find(Manifests.render("dev"), "HorizontalPodAutoscaler", "api-gateway");
		Manifests.map(hpa, "spec").put("minReplicas", "one");
		Map<String, Object> service = Manifests.find(Manifests.render("dev"), "Deployment", "order-service");
		cast(container(service).get("securityContext")).put("runAsNonRoot", "yes");

		assertThat(ApiSchemas.problems(deployment)).isNotEmpty();
		assertThat(ApiSchemas.problems(hpa)).singleElement().asString().contains("one");
		assertThat(ApiSchemas.problems(service)).singleElement().asString().contains("runAsNonRoot");
	}

	@Test
	void validateWhenCertificateFieldMisspeltOrMissingThenRefused() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> misspelt = Manifests.find(objects, "Certificate", "payment-service-tls");
		Map<String, Object> spec = Manifests.map(misspelt, "spec");
		spec.put("dnsName", spec.remove("dnsNames"));
		Map<String, Object> missing = Manifests.find(objects, "Certificate", "order-service-tls");
		Manifests.map(missing, "spec").remove("secretName");
		Map<String, Object> wrongType = Manifests.find(objects, "Certificate", "api-gateway-tls");
		Manifests.map(wrongType, "spec", "privateKey").put("size", "256");

		assertThat(ApiSchemas.problems(misspelt)).singleElement().asString().contains("dnsName");
		assertThat(ApiSchemas.problems(missing)).singleElement().asString().contains("/spec/secretName");
		assertThat(ApiSchemas.problems(wrongType)).singleElement().asString().contains("size");
	}

	@Test
	void validateWhenRouteFieldMisspeltOrGatewayIncompleteThenRefused() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> route = Manifests.find(objects, "HTTPRoute", "keycloak");
		Map<String, Object> rule = Manifests.list(Manifests.map(route, "spec").get("rules")).get(0);
		rule.put("backendRef", rule.remove("backendRefs"));
		Map<String, Object> gateway = Manifests.find(objects, "Gateway", "shop");
		Manifests.map(gateway, "spec").remove("gatewayClassName");
		Map<String, Object> wrongType = Manifests.find(objects, "HTTPRoute", "shop");
		Manifests.map(wrongType, "spec").put("hostnames", "shop.localtest.me");

		assertThat(ApiSchemas.problems(route)).singleElement().asString().contains("backendRef");
		assertThat(ApiSchemas.problems(gateway)).singleElement().asString().contains("/spec/gatewayClassName");
		assertThat(ApiSchemas.problems(wrongType)).singleElement().asString().contains("hostnames");
	}

	@Test
	void validateWhenIssuerHasNoTypeThenRefused() {
		Map<String, Object> issuer = Manifests.find(Manifests.render("dev"), "Issuer", "shop-platform-ca");
		Manifests.map(issuer, "spec").remove("ca");

		assertThat(ApiSchemas.problems(issuer)).singleElement().asString().contains("exactly one");
	}

	@Test
	void validateWhenKindUnknownThenRefused() {
		Map<String, Object> object = Manifests.find(Manifests.render("dev"), "Service", "api-gateway");
		object.put("apiVersion", "v2");

		assertThat(ApiSchemas.problems(object)).singleElement().asString().contains("no schema for v2/Service");
	}

	private static Map<String, Object> renderedDeployment() {
		return Manifests.find(Manifests.render("dev"), "Deployment", "api-gateway");
	}

	private static Map<String, Object> container(Map<String, Object> workload) {
		return Manifests.containers(Manifests.podSpec(workload)).get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object map) {
		return (Map<String, Object>) map;
	}

}
