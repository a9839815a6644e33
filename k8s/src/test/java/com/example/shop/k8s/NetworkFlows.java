package com.example.shop.k8s;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rendered NetworkPolicies allow, worked out as a cluster's network plugin
 * would: a connection from one endpoint to a port of another passes only if the sender's
 * egress and the receiver's ingress both allow it (a pod selected by no policy of a
 * direction is open in that direction). Endpoints are the namespace's pods, by their
 * workloads, and named stand-ins: the Gateway's proxies, cert-manager's solver, cluster
 * DNS, a pod of another namespace, and addresses beyond the cluster.
 */
final class NetworkFlows {

	static final String NAMESPACE = "shop";

	private final List<Map<String, Object>> policies;

	private final List<Endpoint> endpoints = new ArrayList<>();

	NetworkFlows(List<Map<String, Object>> objects, List<Endpoint> outside) {
		this.policies = Manifests.ofKind(objects, "NetworkPolicy").toList();
		Map<String, String> namespaceLabels = new HashMap<>(Manifests
			.strings(Manifests.map(Manifests.find(objects, "Namespace", NAMESPACE), "metadata").get("labels")));
		namespaceLabels.put("kubernetes.io/metadata.name", NAMESPACE);
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			Map<String, String> ports = new HashMap<>();
			for (Map<String, Object> container : Manifests.containers(Manifests.podSpec(workload))) {
				for (Map<String, Object> port : Manifests.list(container.get("ports"))) {
					ports.put(String.valueOf(port.getOrDefault("name", port.get("containerPort"))),
							port.get("containerPort") + "/" + port.getOrDefault("protocol", "TCP"));
				}
			}
			this.endpoints.add(new Endpoint(Manifests.name(workload), NAMESPACE, namespaceLabels,
					Manifests.podLabels(workload), null, ports));
		}
		this.endpoints.addAll(outside);
	}

	/**
	 * Every allowed connection, as {@code from -> to:port/protocol}.
	 * @return the flows, sorted
	 */
	Set<String> allowed() {
		Set<String> flows = new TreeSet<>();
		for (Endpoint from : this.endpoints) {
			for (Endpoint to : this.endpoints) {
				if (!from.inNamespace() && !to.inNamespace()) {
					continue;
				}
				for (String port : to.ports().values()) {
					if (allows(from, to, port)) {
						flows.add(from.name() + " -> " + to.name() + ":" + port);
					}
				}
			}
		}
		return flows;
	}

	/**
	 * The Services whose ports no NetworkPolicy opens for ingress explicitly (a policy
	 * that selects all pods does not count), or that select no pod at all.
	 * @param objects rendered objects
	 * @return the violations
	 */
	List<String> uncoveredServices(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Manifests.ofKind(objects, "Service").forEach((service) -> {
			Map<String, Object> selector = Map.of("matchLabels", Manifests.map(service, "spec", "selector"));
			List<Endpoint> pods = this.endpoints.stream()
				.filter((endpoint) -> endpoint.inNamespace() && Manifests.selects(selector, endpoint.podLabels()))
				.toList();
			if (pods.isEmpty()) {
				violations.add(Manifests.describe(service) + ": selects no pod");
			}
			for (Endpoint pod : pods) {
				for (Map<String, Object> servicePort : Manifests.list(Manifests.map(service, "spec").get("ports"))) {
					String port = pod.resolve(servicePort.getOrDefault("targetPort", servicePort.get("port")));
					boolean opened = this.policies.stream()
						.filter((policy) -> !Manifests.map(policy, "spec", "podSelector").isEmpty())
						.filter((policy) -> selects(policy, pod, "Ingress"))
						.flatMap((policy) -> Manifests.list(Manifests.map(policy, "spec").get("ingress")).stream())
						.anyMatch((rule) -> portMatches(rule, pod, port));
					if (!opened) {
						violations.add(Manifests.describe(service) + ": no network policy opens " + port + " of "
								+ pod.name());
					}
				}
			}
		});
		return violations;
	}

	private boolean allows(Endpoint from, Endpoint to, String port) {
		return (!from.inNamespace() || direction(from, to, to, port, "Egress", "to"))
				&& (!to.inNamespace() || direction(to, from, to, port, "Ingress", "from"));
	}

	private boolean direction(Endpoint subject, Endpoint peer, Endpoint receiver, String port, String type,
			String peers) {
		List<Map<String, Object>> selecting = this.policies.stream()
			.filter((policy) -> selects(policy, subject, type))
			.toList();
		return selecting.isEmpty() || selecting.stream()
			.flatMap((policy) -> Manifests.list(Manifests.map(policy, "spec").get(type.toLowerCase())).stream())
			.anyMatch((rule) -> portMatches(rule, receiver, port) && peerMatches(rule.get(peers), peer));
	}

	private static boolean selects(Map<String, Object> policy, Endpoint endpoint, String type) {
		Map<String, Object> spec = Manifests.map(policy, "spec");
		List<?> types = (spec.get("policyTypes") instanceof List<?> listed) ? listed
				: (spec.containsKey("egress") ? List.of("Ingress", "Egress") : List.of("Ingress"));
		return endpoint.inNamespace() && types.contains(type)
				&& Manifests.selects(Manifests.map(spec, "podSelector"), endpoint.podLabels());
	}

	private static boolean portMatches(Map<String, Object> rule, Endpoint receiver, String port) {
		List<Map<String, Object>> ports = Manifests.list(rule.get("ports"));
		return ports.isEmpty() || ports.stream().anyMatch((entry) -> {
			String protocol = String.valueOf(entry.getOrDefault("protocol", "TCP"));
			if (!port.endsWith("/" + protocol)) {
				return false;
			}
			if (entry.get("port") == null) {
				return true;
			}
			int number = Integer.parseInt(port.substring(0, port.indexOf('/')));
			String resolved = receiver.resolve(entry.get("port"));
			int first = Integer.parseInt(resolved.substring(0, resolved.indexOf('/')));
			int last = (entry.get("endPort") instanceof Integer end) ? end : first;
			return number >= first && number <= last;
		});
	}

	private static boolean peerMatches(Object peers, Endpoint peer) {
		List<Map<String, Object>> listed = Manifests.list(peers);
		if (listed.isEmpty()) {
			return true;
		}
		return listed.stream().anyMatch((entry) -> {
			if (entry.containsKey("ipBlock")) {
				Map<String, Object> block = Manifests.map(entry, "ipBlock");
				return peer.address() != null && inCidr(peer.address(), (String) block.get("cidr"))
						&& ((block.get("except") instanceof List<?> except)
								? except.stream().noneMatch((cidr) -> inCidr(peer.address(), (String) cidr)) : true);
			}
			if (peer.address() != null) {
				return false;
			}
			boolean namespaceOk = entry.containsKey("namespaceSelector")
					? Manifests.selects(Manifests.map(entry, "namespaceSelector"), peer.namespaceLabels())
					: peer.inNamespace();
			return namespaceOk && (!entry.containsKey("podSelector")
					|| Manifests.selects(Manifests.map(entry, "podSelector"), peer.podLabels()));
		});
	}

	private static boolean inCidr(String address, String cidr) {
		try {
			String[] parts = cidr.split("/");
			byte[] network = InetAddress.getByName(parts[0]).getAddress();
			byte[] candidate = InetAddress.getByName(address).getAddress();
			if (network.length != candidate.length) {
				return false;
			}
			int bits = network.length * 8;
			int prefix = Integer.parseInt(parts[1]);
			BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
			return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/**
	 * A party to a connection.
	 *
	 * @param name a workload's name, or the stand-in's
	 * @param namespace its namespace, {@code null} for an address outside the cluster
	 * @param namespaceLabels its namespace's labels
	 * @param podLabels its pod's labels
	 * @param address its IP address, for an endpoint outside the cluster
	 * @param ports its ports by name (or number), as {@code port/protocol}
	 */
	record Endpoint(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
			String address, Map<String, String> ports) {

		static Endpoint pod(String name, String namespace, Map<String, String> podLabels, String... ports) {
			return new Endpoint(name, namespace, Map.of("kubernetes.io/metadata.name", namespace), podLabels, null,
					numbered(ports));
		}

		static Endpoint address(String name, String address, String... ports) {
			return new Endpoint(name, null, Map.of(), Map.of(), address, numbered(ports));
		}

		private static Map<String, String> numbered(String... ports) {
			Map<String, String> numbered = new HashMap<>();
			for (String port : ports) {
				numbered.put(port, port);
			}
			return numbered;
		}

		boolean inNamespace() {
			return NAMESPACE.equals(this.namespace);
		}

		String resolve(Object port) {
			if (port instanceof Integer number) {
				return this.ports.values()
					.stream()
					.filter((known) -> known.startsWith(number + "/"))
					.findFirst()
					.orElse(number + "/TCP");
			}
			String named = this.ports.get(String.valueOf(port));
			if (named == null) {
				throw new IllegalArgumentException(this.name + " has no port named " + port);
			}
			return named;
		}

	}

}
