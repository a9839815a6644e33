package com.example.shop.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform's rules for what it deploys, checked on rendered objects; each method
 * lists the violations it finds, so that a test can show both a clean overlay and a
 * caught breach.
 */
final class Policies {

	/**
	 * Workloads that call the Kubernetes API and so need a service-account token: none.
	 * Whoever adds one names it here, where a reviewer sees it.
	 */
	static final Set<String> NEEDS_API_TOKEN = Set.of();

	private static final Pattern SECRET_NAME = Pattern
		.compile("(?i).*(password|secret|token|private.?key|credentials?)$");

	private Policies() {
	}

	/**
	 * Every container runs under the restricted Pod Security Standard: non-root, no
	 * privilege escalation, no capabilities, RuntimeDefault seccomp, and a read-only root
	 * file system; the pod shares nothing with its node.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> restrictedSecurityContext(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		workloads(objects).forEach((workload) -> {
			Map<String, Object> pod = Manifests.podSpec(workload);
			Map<String, Object> podContext = Manifests.map(pod, "securityContext");
			for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
				if (Boolean.TRUE.equals(pod.get(hostAccess))) {
					violations.add(Manifests.describe(workload) + ": " + hostAccess);
				}
			}
			Manifests.list(pod.get("volumes"))
				.stream()
				.filter((volume) -> volume.containsKey("hostPath"))
				.forEach((volume) -> violations
					.add(Manifests.describe(workload) + ": hostPath volume " + volume.get("name")));
			for (Map<String, Object> container : Manifests.containers(pod)) {
				String where = Manifests.describe(workload) + " container " + container.get("name");
				Map<String, Object> context = Manifests.map(container, "securityContext");
				if (!Boolean.TRUE.equals(effective(context, podContext, "runAsNonRoot"))) {
					violations.add(where + ": runAsNonRoot is not true");
				}
				Object runAsUser = effective(context, podContext, "runAsUser");
				if (Integer.valueOf(0).equals(runAsUser)) {
					violations.add(where + ": runAsUser 0");
				}
				if (!Boolean.FALSE.equals(context.get("allowPrivilegeEscalation"))) {
					violations.add(where + ": allowPrivilegeEscalation is not false");
				}
				if (Boolean.TRUE.equals(context.get("privileged"))) {
					violations.add(where + ": privileged");
				}
				if (!Boolean.TRUE.equals(context.get("readOnlyRootFilesystem"))) {
					violations.add(where + ": readOnlyRootFilesystem is not true");
				}
				Map<String, Object> capabilities = Manifests.map(context, "capabilities");
				if (!(capabilities.get("drop") instanceof List<?> drop && drop.contains("ALL"))) {
					violations.add(where + ": capabilities do not drop ALL");
				}
				if (capabilities.get("add") instanceof List<?> add && !add.isEmpty()) {
					violations.add(where + ": capabilities add " + add);
				}
				Object seccomp = Manifests.map(effectiveMap(context, podContext, "seccompProfile")).get("type");
				if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
					violations.add(where + ": seccompProfile is " + seccomp);
				}
			}
		});
		return violations;
	}

	/**
	 * Every container states CPU and memory requests and limits, and has startup,
	 * liveness and readiness probes.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> resourcesAndProbes(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		workloads(objects).forEach((workload) -> {
			for (Map<String, Object> container : Manifests.list(Manifests.podSpec(workload).get("containers"))) {
				String where = Manifests.describe(workload) + " container " + container.get("name");
				for (String bound : List.of("requests", "limits")) {
					for (String resource : List.of("cpu", "memory")) {
						if (Manifests.map(container, "resources", bound).get(resource) == null) {
							violations.add(where + ": no " + resource + " " + bound);
						}
					}
				}
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					if (Manifests.map(container, probe).isEmpty()) {
						violations.add(where + ": no " + probe);
					}
				}
			}
		});
		return violations;
	}

	/**
	 * Every image names a version: a tag other than {@code latest}, or a digest.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> pinnedImages(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		workloads(objects).forEach((workload) -> {
			for (Map<String, Object> container : Manifests.containers(Manifests.podSpec(workload))) {
				String image = String.valueOf(container.get("image"));
				String lastPart = image.substring(image.lastIndexOf('/') + 1);
				boolean digest = image.contains("@sha256:");
				int colon = lastPart.indexOf(':');
				String tag = (colon >= 0) ? lastPart.substring(colon + 1) : "";
				if (!digest && (tag.isEmpty() || "latest".equals(tag))) {
					violations.add(Manifests.describe(workload) + " container " + container.get("name") + ": image "
							+ image + " has no version");
				}
			}
		});
		return violations;
	}

	/**
	 * No secret value in the manifests: no Secret object with data, no literal value in
	 * an environment variable named like a secret, no such key in a ConfigMap.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> noSecretValues(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Manifests.ofKind(objects, "Secret").forEach((secret) -> {
			if (!Manifests.map(secret, "data").isEmpty() || !Manifests.map(secret, "stringData").isEmpty()) {
				violations.add(Manifests.describe(secret) + ": holds values");
			}
		});
		Manifests.ofKind(objects, "ConfigMap")
			.forEach((configMap) -> Manifests.map(configMap, "data")
				.keySet()
				.stream()
				.filter((key) -> SECRET_NAME.matcher(key).matches())
				.forEach((key) -> violations
					.add(Manifests.describe(configMap) + ": key " + key + " looks like a secret")));
		workloads(objects).forEach((workload) -> {
			for (Map<String, Object> container : Manifests.containers(Manifests.podSpec(workload))) {
				for (Map<String, Object> variable : Manifests.list(container.get("env"))) {
					String name = String.valueOf(variable.get("name"));
					if (SECRET_NAME.matcher(name).matches() && variable.containsKey("value")) {
						violations.add(Manifests.describe(workload) + " container " + container.get("name") + ": "
								+ name + " has a literal value");
					}
				}
			}
		});
		return violations;
	}

	/**
	 * A pod gets no service-account token unless it is listed in
	 * {@link #NEEDS_API_TOKEN}; the pod says so itself, whatever its service account
	 * says.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> noUnneededServiceAccountToken(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		workloads(objects).forEach((workload) -> {
			Map<String, Object> pod = Manifests.podSpec(workload);
			if (!NEEDS_API_TOKEN.contains(Manifests.name(workload))
					&& !Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
				violations.add(Manifests.describe(workload) + ": mounts a service-account token it does not need");
			}
			Manifests.list(pod.get("volumes"))
				.stream()
				.filter((volume) -> Manifests.list(Manifests.map(volume, "projected").get("sources"))
					.stream()
					.anyMatch((source) -> source.containsKey("serviceAccountToken")))
				.filter((volume) -> !NEEDS_API_TOKEN.contains(Manifests.name(workload)))
				.forEach((volume) -> violations
					.add(Manifests.describe(workload) + ": projects a service-account token in " + volume.get("name")));
		});
		return violations;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> effectiveMap(Map<String, Object> container, Map<String, Object> pod,
			String field) {
		return (effective(container, pod, field) instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Object effective(Map<String, Object> container, Map<String, Object> pod, String field) {
		return container.containsKey(field) ? container.get(field) : pod.get(field);
	}

	/**
	 * The files Keycloak's {@code --import-realm} reads: the keys of the ConfigMaps in
	 * the volume mounted at its import directory.
	 * @param objects rendered objects
	 * @return the file names
	 */
	static List<String> keycloakImportFiles(List<Map<String, Object>> objects) {
		Map<String, Object> pod = Manifests.podSpec(Manifests.find(objects, "Deployment", "keycloak"));
		String volume = Manifests.list(Manifests.list(pod.get("containers")).get(0).get("volumeMounts"))
			.stream()
			.filter((mount) -> "/opt/keycloak/data/import".equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow();
		List<String> files = new ArrayList<>();
		Manifests.list(pod.get("volumes"))
			.stream()
			.filter((candidate) -> volume.equals(candidate.get("name")))
			.flatMap((candidate) -> Manifests.list(Manifests.map(candidate, "projected").get("sources")).stream())
			.map((source) -> Manifests.map(source, "configMap").get("name"))
			.forEach((name) -> files
				.addAll(Manifests.map(Manifests.find(objects, "ConfigMap", (String) name), "data").keySet()));
		return files;
	}

	static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
		return objects.stream().filter((object) -> Manifests.WORKLOAD_KINDS.contains(Manifests.kind(object))).toList();
	}

}
