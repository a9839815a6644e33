package com.example.shop.k8s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.example.shop.k8s.NetworkFlows.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network policies allow exactly the flows of the architecture, in each overlay:
 * every other connection between the namespace's pods, the Gateway's proxies (and another
 * Gateway's), cert-manager's HTTP-01 solver, Prometheus, cluster DNS, another namespace
 * and addresses outside the cluster is refused. And every Service is opened by a policy
 * of its own.
 */
class NetworkPolicyTests {

	/** Envoy Gateway's proxy for the Gateway shop. */
	private static final Endpoint GATEWAY_PROXY = Endpoint.pod("gateway-proxy", "envoy-gateway-system",
			Map.of("app.kubernetes.io/name", "envoy", "gateway.envoyproxy.io/owning-gateway-namespace", "shop",
					"gateway.envoyproxy.io/owning-gateway-name", "shop"),
			"10443/TCP");

	/** A proxy of the same implementation for another team's Gateway. */
	private static final Endpoint OTHER_GATEWAY_PROXY = Endpoint.pod("other-gateway-proxy", "envoy-gateway-system",
			Map.of("app.kubernetes.io/name", "envoy", "gateway.envoyproxy.io/owning-gateway-namespace", "other",
					"gateway.envoyproxy.io/owning-gateway-name", "shop"),
			"10443/TCP");

	/**
	 * The pod cert-manager starts in the namespace to answer an ACME HTTP-01 challenge.
	 */
	private static final Endpoint ACME_SOLVER = Endpoint.pod("acme-solver", "shop",
			Map.of("acme.cert-manager.io/http01-solver", "true"), "8089/TCP");

	private static final Endpoint PROMETHEUS = Endpoint.pod("prometheus", "monitoring",
			Map.of("app.kubernetes.io/name", "prometheus"), "9090/TCP");

	private static final Endpoint DNS = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), "53/UDP",
			"53/TCP");

	private static final Endpoint OTHER_NAMESPACE = Endpoint.pod("other-namespace", "other",
			Map.of("app.kubernetes.io/name", "api-gateway"), "8080/TCP");

	private static final Endpoint INTERNET = Endpoint.address("internet", "203.0.113.7", "443/TCP", "5432/TCP");

	private static final Endpoint MANAGED_POSTGRES = Endpoint.address("managed-postgres", "10.20.0.10", "5432/TCP");

	private static final Endpoint MANAGED_REDIS = Endpoint.address("managed-redis", "10.20.1.10", "6379/TCP");

	/** The flows both overlays have: the architecture's, without the data stores. */
	private static final List<String> PLATFORM = List.of("gateway-proxy -> api-gateway:8080/TCP",
			"gateway-proxy -> keycloak:8080/TCP", "gateway-proxy -> acme-solver:8089/TCP",
			"prometheus -> api-gateway:9090/TCP", "prometheus -> order-service:9090/TCP",
			"prometheus -> payment-service:9090/TCP", "prometheus -> keycloak:9000/TCP",
			"acme-solver -> kube-dns:53/UDP", "acme-solver -> kube-dns:53/TCP", "api-gateway -> order-service:8443/TCP",
			"api-gateway -> payment-service:8443/TCP", "order-service -> payment-service:8443/TCP",
			"api-gateway -> keycloak:8080/TCP", "order-service -> keycloak:8080/TCP",
			"payment-service -> keycloak:8080/TCP", "keycloak -> api-gateway:8080/TCP", "keycloak -> keycloak:7800/TCP",
			"keycloak -> keycloak:57800/TCP");

	@Test
	void flowsWhenDevThenExactlyTheArchitecturesWithStoresInTheNamespace() {
		List<Map<String, Object>> objects = Manifests.render("dev");

		Set<String> expected = expected(
				List.of("api-gateway", "order-service", "payment-service", "keycloak", "postgres", "redis"),
				"order-service -> postgres:5432/TCP", "payment-service -> postgres:5432/TCP",
				"keycloak -> postgres:5432/TCP", "api-gateway -> redis:6379/TCP");
		assertThat(flows(objects)).containsExactlyElementsOf(expected);
	}

	@Test
	void flowsWhenProdThenExactlyTheArchitecturesWithManagedStores() {
		List<Map<String, Object>> objects = Manifests.render("prod");

		Set<String> expected = expected(List.of("api-gateway", "order-service", "payment-service", "keycloak"),
				"order-service -> managed-postgres:5432/TCP", "payment-service -> managed-postgres:5432/TCP",
				"keycloak -> managed-postgres:5432/TCP", "api-gateway -> managed-redis:6379/TCP");
		assertThat(flows(objects)).containsExactlyElementsOf(expected);
	}

	@Test
	void flowsWhenPolicyWidenedThenTheExtraFlowShows() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		Map<String, Object> paymentPolicy = Manifests.find(objects, "NetworkPolicy", "payment-service");
		Manifests.list(Manifests.map(paymentPolicy, "spec").get("ingress")).get(0).remove("from");
		Map<String, Object> gatewayPolicy = Manifests.find(objects, "NetworkPolicy", "api-gateway");
		Map<String, Object> allEgress = new HashMap<>();
		allEgress.put("to", List.of(Map.of("podSelector", Map.of())));
		Manifests.map(gatewayPolicy, "spec").put("egress", List.of(allEgress));

		Set<String> flows = flows(objects);

		assertThat(flows).contains("gateway-proxy -> payment-service:8443/TCP",
				"other-namespace -> payment-service:8443/TCP", "internet -> payment-service:8443/TCP");
		assertThat(flows).as("a flow needs both ends: redis may not send, postgres not receive from the gateway")
			.doesNotContain("redis -> payment-service:8443/TCP", "api-gateway -> postgres:5432/TCP");
	}

	@Test
	void flowsWhenDefaultDenyRemovedThenOpen() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		objects.removeIf((object) -> "NetworkPolicy".equals(Manifests.kind(object))
				&& List.of("default-deny", "redis").contains(Manifests.name(object)));

		Set<String> flows = flows(objects);

		assertThat(flows).contains("internet -> redis:6379/TCP", "other-namespace -> redis:6379/TCP");
		assertThat(flows).as("senders' egress policies still apply")
			.doesNotContain("payment-service -> redis:6379/TCP");
	}

	@Test
	void servicesWhenOverlayRenderedThenEachOpenedByAPolicy() {
		for (String overlay : Manifests.OVERLAYS) {
			List<Map<String, Object>> objects = Manifests.render(overlay);

			assertThat(network(objects).uncoveredServices(objects)).as(overlay).isEmpty();
		}
	}

	@Test
	void servicesWhenPolicyMissingThenCaught() {
		List<Map<String, Object>> objects = Manifests.render("dev");
		objects.removeIf(
				(object) -> "NetworkPolicy".equals(Manifests.kind(object)) && "redis".equals(Manifests.name(object)));
		objects.add(Manifests.parse("""
				apiVersion: v1
				kind: Service
				metadata: {name: orphan, namespace: shop}
				spec:
				  selector: {app.kubernetes.io/name: nothing}
				  ports: [{port: 80}]
				""").get(0));

		assertThat(network(objects).uncoveredServices(objects)).containsExactly(
				"Service redis: no network policy opens 6379/TCP of redis", "Service orphan: selects no pod");
	}

	private static Set<String> expected(List<String> podsWithDns, String... stores) {
		Set<String> expected = new TreeSet<>(PLATFORM);
		expected.addAll(List.of(stores));
		for (String pod : podsWithDns) {
			expected.add(pod + " -> kube-dns:53/UDP");
			expected.add(pod + " -> kube-dns:53/TCP");
		}
		return expected;
	}

	private static Set<String> flows(List<Map<String, Object>> objects) {
		return network(objects).allowed();
	}

	private static NetworkFlows network(List<Map<String, Object>> objects) {
		return new NetworkFlows(objects, List.of(GATEWAY_PROXY, OTHER_GATEWAY_PROXY, ACME_SOLVER, PROMETHEUS, DNS,
				OTHER_NAMESPACE, INTERNET, MANAGED_POSTGRES, MANAGED_REDIS));
	}

}
