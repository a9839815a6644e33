package com.example.shop.k8s;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.ClusterIssuer;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Offline validation of rendered objects against the API schemas, as strict as the API
 * server's field validation ({@code kubectl apply --validate=strict}):
 * <ul>
 * <li>Kubernetes 1.34 kinds by the models of the Kubernetes Java client 25, generated
 * from that release's OpenAPI document: an unknown or misspelt field, a missing required
 * field and a value of the wrong type fail, and a value the model reads differently from
 * what was written (a string where a boolean belongs) fails the round trip;</li>
 * <li>cert-manager {@code cert-manager.io/v1} kinds by fabric8's certmanager-model,
 * generated from cert-manager's API types, read with unknown fields and scalar coercion
 * refused, plus the fields cert-manager's CRDs and webhook require, which those models do
 * not enforce;</li>
 * <li>Gateway API {@code gateway.networking.k8s.io/v1} kinds by fabric8's gatewayapi
 * model, generated from the Gateway API's types, read the same strict way, plus the
 * fields its CRDs require;</li>
 * <li>Prometheus Operator {@code monitoring.coreos.com/v1} kinds by fabric8's monitoring
 * model, the same strict way, plus the fields its CRDs require (the rules' own fields and
 * expressions: {@code AlertRulesTests}).</li>
 * </ul>
 * A kind without a schema here is itself an error, so that nothing passes unchecked.
 */
final class ApiSchemas {

	private static final Map<String, Class<?>> KUBERNETES = Map.ofEntries(Map.entry("v1/Namespace", V1Namespace.class),
			Map.entry("v1/ServiceAccount", V1ServiceAccount.class), Map.entry("v1/ConfigMap", V1ConfigMap.class),
			Map.entry("v1/Secret", V1Secret.class), Map.entry("v1/Service", V1Service.class),
			Map.entry("apps/v1/Deployment", V1Deployment.class), Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
			Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class));

	/** Kinds of custom resources, read with fabric8's models. */
	private static final Map<String, Class<?>> CUSTOM = Map.of("cert-manager.io/v1/Certificate", Certificate.class,
			"cert-manager.io/v1/Issuer", Issuer.class, "cert-manager.io/v1/ClusterIssuer", ClusterIssuer.class,
			"gateway.networking.k8s.io/v1/Gateway", Gateway.class, "gateway.networking.k8s.io/v1/HTTPRoute",
			HTTPRoute.class, "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
			"monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

	/**
	 * Required by the CRDs (openAPIV3Schema "required"), as JSON pointers; list items'
	 * own required fields are checked by ClusterRules.
	 */
	private static final Map<String, List<String>> CUSTOM_REQUIRED = Map.of("Certificate",
			List.of("/spec", "/spec/secretName", "/spec/issuerRef", "/spec/issuerRef/name"), "Issuer", List.of("/spec"),
			"ClusterIssuer", List.of("/spec"), "Gateway", List.of("/spec", "/spec/gatewayClassName", "/spec/listeners"),
			"HTTPRoute", List.of("/spec"), "PodMonitor", List.of("/spec", "/spec/selector"), "PrometheusRule",
			List.of("/spec"));

	/**
	 * An issuer names exactly one of these (cert-manager's webhook refuses any other).
	 */
	private static final List<String> ISSUER_TYPES = List.of("acme", "ca", "selfSigned", "vault", "venafi");

	private static final Gson gson = new Gson();

	private static final ObjectMapper strictJackson = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.addModule(new SimpleModule().setDeserializerModifier(new StrictBeans()))
		.build();

	private ApiSchemas() {
	}

	/**
	 * What the schemas find wrong with an object.
	 * @param object a rendered object
	 * @return the problems, none if it is valid
	 */
	static List<String> problems(Map<String, Object> object) {
		String type = object.get("apiVersion") + "/" + object.get("kind");
		if (KUBERNETES.containsKey(type)) {
			return kubernetesProblems(KUBERNETES.get(type), object);
		}
		if (CUSTOM.containsKey(type)) {
			return customProblems(CUSTOM.get(type), object);
		}
		return List.of("no schema for " + type + " here: add its model to ApiSchemas");
	}

	private static List<String> kubernetesProblems(Class<?> model, Map<String, Object> object) {
		JsonElement written = gson.toJsonTree(object);
		try {
			model.getMethod("validateJsonElement", JsonElement.class).invoke(null, written);
			JsonElement read = JSON.getGson().toJsonTree(JSON.getGson().fromJson(written, model));
			if (!withoutEmpty(read).equals(withoutEmpty(written))) {
				return List
					.of("the " + model.getSimpleName() + " model reads it as " + read + " but it says " + written);
			}
			return List.of();
		}
		catch (InvocationTargetException ex) {
			return List.of(firstLine(ex.getCause()));
		}
		catch (RuntimeException ex) {
			return List.of(firstLine(ex));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> customProblems(Class<?> model, Map<String, Object> object) {
		List<String> problems = new ArrayList<>();
		JsonNode tree = strictJackson.valueToTree(object);
		try {
			strictJackson.treeToValue(tree, model);
		}
		catch (JsonMappingException ex) {
			problems.add(firstLine(ex) + " at " + ex.getPathReference());
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			problems.add(firstLine(ex));
		}
		String kind = Manifests.kind(object);
		for (String pointer : CUSTOM_REQUIRED.get(kind)) {
			if (tree.at(pointer).isMissingNode() || tree.at(pointer).isNull()) {
				problems.add("the required field " + pointer + " is missing");
			}
		}
		if (kind.endsWith("Issuer")) {
			long types = ISSUER_TYPES.stream().filter((type) -> !tree.at("/spec/" + type).isMissingNode()).count();
			if (types != 1) {
				problems.add("an issuer names exactly one of " + ISSUER_TYPES + ", this one " + types);
			}
		}
		return problems;
	}

	/**
	 * The models fill absent lists and maps with empty ones; only values are compared.
	 */
	private static JsonElement withoutEmpty(JsonElement element) {
		if (element.isJsonObject()) {
			JsonObject result = new JsonObject();
			element.getAsJsonObject().entrySet().forEach((entry) -> {
				JsonElement value = withoutEmpty(entry.getValue());
				if (!isEmpty(value)) {
					result.add(entry.getKey(), value);
				}
			});
			return result;
		}
		if (element.isJsonArray()) {
			JsonArray result = new JsonArray();
			element.getAsJsonArray().forEach((item) -> result.add(withoutEmpty(item)));
			return result;
		}
		return element;
	}

	private static boolean isEmpty(JsonElement element) {
		return element.isJsonNull() || (element.isJsonObject() && element.getAsJsonObject().isEmpty())
				|| (element.isJsonArray() && element.getAsJsonArray().isEmpty());
	}

	private static String firstLine(Throwable ex) {
		String message = Objects.requireNonNullElse(ex.getMessage(), ex.getClass().getName());
		String first = message.lines().findFirst().orElse(message);
		return ex.getClass().getSimpleName() + ": "
				+ ((first.length() > 300) ? first.substring(0, 300) + "..." : first);
	}

	/**
	 * The models keep unknown fields in a map of "additional properties"; with that map
	 * gone, an unknown field is an error.
	 */
	private static final class StrictBeans extends BeanDeserializerModifier {

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
				BeanDeserializerBuilder builder) {
			builder.setAnySetter(null);
			builder.setIgnoreUnknownProperties(false);
			return builder;
		}

	}

}
