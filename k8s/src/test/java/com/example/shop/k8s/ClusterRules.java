package com.example.shop.k8s;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.shop.testsupport.platform.RepositoryFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a cluster checks or relies on beyond the OpenAPI schemas: the API server's own
 * validation code, the CRDs' validation rules, and references between objects that only
 * fail once the pods run. Each method names its source and lists the violations it finds.
 */
final class ClusterRules {

	/**
	 * ConfigMaps that an overlay mounts but that the operator creates from a provider's
	 * file, as the README says: the managed stores' CAs.
	 */
	static final Set<String> OPERATOR_CONFIG_MAPS = Set.of("database-ca", "redis-ca");

	/**
	 * The most heap a service needs: twice the largest live heap measured after the
	 * rolling-restart load (124 MiB, k8s/README.md "Sizing").
	 */
	static final double HEAP_FLOOR = 256 * (1 << 20);

	/**
	 * What a service needs beside the heap: the largest non-heap (157 MiB) plus other
	 * native memory (129 MiB: thread stacks, GC, Netty) measured, and a third more.
	 */
	static final double NATIVE_BUDGET = 384 * (1 << 20);

	/** The services' image's own setting (the root Dockerfile). */
	static final String IMAGE_JAVA_TOOL_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";

	/**
	 * What the kubelet and Spring Boot need beyond the two pauses: JVM exit, log flush.
	 */
	static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

	/** IANA_SVC_NAME, the form of a named port (k8s.io/apimachinery validation). */
	private static final Pattern GO_DURATION = Pattern.compile("([0-9]+)(h|m|s)");

	private static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]|[a-z]");

	private ClusterRules() {
	}

	/**
	 * Topology spread constraints as the API server validates them
	 * (pkg/apis/core/validation, validateTopologySpreadConstraints and
	 * validateMatchLabelKeysInTopologySpread): maxSkew above 0, a known
	 * whenUnsatisfiable, matchLabelKeys only with a labelSelector and never a key the
	 * selector already has ("The same key is forbidden to exist in both matchLabelKeys
	 * and labelSelector"). And, for the constraint to count anything, the selector
	 * matches the pod's own labels.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> topologySpread(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Policies.workloads(objects).forEach((workload) -> {
			for (Map<String, Object> constraint : Manifests
				.list(Manifests.podSpec(workload).get("topologySpreadConstraints"))) {
				String where = Manifests.describe(workload) + " topology spread";
				if (!(constraint.get("maxSkew") instanceof Integer skew) || skew <= 0) {
					violations.add(where + ": maxSkew must be greater than zero");
				}
				if (!List.of("DoNotSchedule", "ScheduleAnyway").contains(constraint.get("whenUnsatisfiable"))) {
					violations.add(where + ": unknown whenUnsatisfiable " + constraint.get("whenUnsatisfiable"));
				}
				List<String> matchLabelKeys = strings(constraint.get("matchLabelKeys"));
				Map<String, Object> selector = Manifests.map(constraint, "labelSelector");
				if (!matchLabelKeys.isEmpty() && !constraint.containsKey("labelSelector")) {
					violations.add(where + ": matchLabelKeys without labelSelector");
				}
				Set<String> selectorKeys = selectorKeys(selector);
				matchLabelKeys.stream()
					.filter(selectorKeys::contains)
					.forEach((key) -> violations
						.add(where + ": key " + key + " in both matchLabelKeys and labelSelector"));
				if (!Manifests.selects(selector, Manifests.podLabels(workload))) {
					violations.add(where + ": labelSelector does not match the pod's labels");
				}
			}
		});
		return violations;
	}

	/**
	 * A workload's selector matches its template's labels (pkg/apis/apps/validation:
	 * "selector does not match template labels"), and is not empty.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> selectorsMatchTemplates(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Policies.workloads(objects)
			.stream()
			.filter((workload) -> !"Pod".equals(Manifests.kind(workload)))
			.forEach((w) -> {
				Map<String, Object> selector = Manifests.map(w, "spec", "selector");
				if (selectorKeys(selector).isEmpty()) {
					violations.add(Manifests.describe(w) + ": empty selector");
				}
				else if (!Manifests.selects(selector, Manifests.podLabels(w))) {
					violations.add(Manifests.describe(w) + ": selector does not match template labels");
				}
			});
		return violations;
	}

	/**
	 * Ports by name: container port names are IANA service names, unique in the pod
	 * (pkg/apis/core/validation, validateContainerPorts); a probe's named port is one of
	 * its container's (the kubelet's prober cannot resolve it otherwise and the probe
	 * fails); a Service's named targetPort exists in every pod it selects (the
	 * EndpointSlice controller leaves a pod without it out); HPAs, PDBs and Services
	 * select or target an existing workload.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> namedPortsAndTargets(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		List<Map<String, Object>> workloads = Policies.workloads(objects);
		for (Map<String, Object> workload : workloads) {
			Set<String> names = new HashSet<>();
			for (Map<String, Object> container : Manifests.containers(Manifests.podSpec(workload))) {
				String where = Manifests.describe(workload) + " container " + container.get("name");
				Set<String> own = new HashSet<>();
				for (Map<String, Object> port : Manifests.list(container.get("ports"))) {
					Object name = port.get("name");
					if (name == null) {
						continue;
					}
					if (!(name instanceof String text) || text.length() > 15 || !PORT_NAME.matcher(text).matches()) {
						violations.add(where + ": port name " + name + " is not an IANA service name");
					}
					if (!names.add(String.valueOf(name))) {
						violations.add(where + ": port name " + name + " not unique in the pod");
					}
					own.add(String.valueOf(name));
				}
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					Map<String, Object> handler = Manifests.map(container, probe);
					for (String action : List.of("httpGet", "tcpSocket", "grpc")) {
						Object port = Manifests.map(handler, action).get("port");
						if (port instanceof String name && !own.contains(name)) {
							violations.add(where + ": " + probe + " port " + name + " is not a port of the container");
						}
					}
				}
			}
		}
		Manifests.ofKind(objects, "Service").forEach((service) -> {
			Map<String, Object> selector = Map.of("matchLabels", Manifests.map(service, "spec", "selector"));
			List<Map<String, Object>> selected = selected(workloads, selector);
			if (selected.isEmpty()) {
				violations.add(Manifests.describe(service) + ": selects no workload");
			}
			for (Map<String, Object> port : Manifests.list(Manifests.map(service, "spec").get("ports"))) {
				if (port.get("targetPort") instanceof String name) {
					selected.stream()
						.filter((workload) -> !containerPortNames(workload).contains(name))
						.forEach((workload) -> violations.add(Manifests.describe(service) + ": targetPort " + name
								+ " is not a port of " + Manifests.describe(workload)));
				}
			}
		});
		Manifests.ofKind(objects, "PodDisruptionBudget")
			.filter((pdb) -> selected(workloads, Manifests.map(pdb, "spec", "selector")).isEmpty())
			.forEach((pdb) -> violations.add(Manifests.describe(pdb) + ": selects no workload"));
		Manifests.ofKind(objects, "HorizontalPodAutoscaler").forEach((hpa) -> {
			Map<String, Object> target = Manifests.map(hpa, "spec", "scaleTargetRef");
			if (workloads.stream()
				.noneMatch((workload) -> Manifests.kind(workload).equals(target.get("kind"))
						&& Manifests.name(workload).equals(target.get("name")))) {
				violations.add(Manifests.describe(hpa) + ": no " + target.get("kind") + " " + target.get("name"));
			}
		});
		return violations;
	}

	/**
	 * Objects a pod or route needs by name exist: ConfigMaps (envFrom, valueFrom with its
	 * key, volumes) in the overlay or among {@link #OPERATOR_CONFIG_MAPS}; Secret volumes
	 * and a Gateway listener's certificate from a cert-manager Certificate of the overlay
	 * (the other Secrets come from create-secrets.sh, checked by SecretsScriptTests). A
	 * missing one leaves the pod in CreateContainerConfigError or ContainerCreating, and
	 * the listener without a certificate (Gateway API: ResolvedRefs false).
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> referencesExist(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Map<String, Set<String>> configMaps = new HashMap<>();
		Manifests.ofKind(objects, "ConfigMap")
			.forEach((map) -> configMaps.put(Manifests.name(map), Manifests.map(map, "data").keySet()));
		Set<String> certificateSecrets = new HashSet<>();
		Manifests.ofKind(objects, "Certificate")
			.forEach((certificate) -> certificateSecrets
				.add((String) Manifests.map(certificate, "spec").get("secretName")));
		Predicate<String> configMapExists = (name) -> configMaps.containsKey(name)
				|| OPERATOR_CONFIG_MAPS.contains(name);
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			Map<String, Object> pod = Manifests.podSpec(workload);
			for (Map<String, Object> volume : Manifests.list(pod.get("volumes"))) {
				String where = Manifests.describe(workload) + " volume " + volume.get("name");
				List<Object> referenced = new ArrayList<>();
				referenced.add(Manifests.map(volume, "configMap").get("name"));
				Manifests.list(Manifests.map(volume, "projected").get("sources"))
					.forEach((source) -> referenced.add(Manifests.map(source, "configMap").get("name")));
				referenced.stream()
					.filter((name) -> name != null && !configMapExists.test((String) name))
					.forEach((name) -> violations.add(where + ": no ConfigMap " + name));
				Object secret = Manifests.map(volume, "secret").get("secretName");
				if (secret != null && !certificateSecrets.contains(secret)) {
					violations.add(where + ": no Certificate writes Secret " + secret);
				}
			}
			for (Map<String, Object> container : Manifests.containers(pod)) {
				String where = Manifests.describe(workload) + " container " + container.get("name");
				for (Map<String, Object> source : Manifests.list(container.get("envFrom"))) {
					Object name = Manifests.map(source, "configMapRef").get("name");
					if (name != null && !configMapExists.test((String) name)) {
						violations.add(where + ": no ConfigMap " + name);
					}
				}
				for (Map<String, Object> variable : Manifests.list(container.get("env"))) {
					Map<String, Object> reference = Manifests.map(variable, "valueFrom", "configMapKeyRef");
					if (reference.isEmpty()) {
						continue;
					}
					Set<String> keys = configMaps.get(reference.get("name"));
					if (keys == null || !keys.contains(reference.get("key"))) {
						violations.add(where + ": " + variable.get("name") + " refers to missing "
								+ reference.get("name") + "/" + reference.get("key"));
					}
				}
			}
		}
		Manifests.ofKind(objects, "Gateway").forEach((gateway) -> {
			for (Map<String, Object> listener : Manifests.list(Manifests.map(gateway, "spec").get("listeners"))) {
				for (Map<String, Object> reference : Manifests
					.list(Manifests.map(listener, "tls").get("certificateRefs"))) {
					if (!certificateSecrets.contains(reference.get("name"))) {
						violations.add(Manifests.describe(gateway) + " listener " + listener.get("name")
								+ ": no Certificate writes Secret " + reference.get("name"));
					}
				}
			}
		});
		return violations;
	}

	/**
	 * Gateway API rules of the CRDs' validation (CEL in the v1 CRDs) and of route
	 * attachment: listener names unique; port, protocol and host name unique per
	 * listener; HTTPS listeners have TLS; a PathPrefix is an absolute path without "//";
	 * a route's parent is a Gateway of the overlay and its sectionName a listener; a
	 * backend is a Service of the overlay on one of its ports (ResolvedRefs:
	 * BackendNotFound otherwise); HTTPS route host names are covered by the public
	 * certificate.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> gatewayRoutes(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Map<String, Set<String>> listeners = new HashMap<>();
		Set<String> tlsNames = new HashSet<>();
		Manifests.ofKind(objects, "Certificate")
			.filter((certificate) -> "shop-public-tls".equals(Manifests.map(certificate, "spec").get("secretName")))
			.forEach((certificate) -> tlsNames.addAll(strings(Manifests.map(certificate, "spec").get("dnsNames"))));
		Manifests.ofKind(objects, "Gateway").forEach((gateway) -> {
			Set<String> names = new HashSet<>();
			Set<String> bindings = new HashSet<>();
			for (Map<String, Object> listener : Manifests.list(Manifests.map(gateway, "spec").get("listeners"))) {
				String where = Manifests.describe(gateway) + " listener " + listener.get("name");
				if (!names.add(String.valueOf(listener.get("name")))) {
					violations.add(where + ": listener name must be unique within the Gateway");
				}
				if (!bindings
					.add(listener.get("port") + "/" + listener.get("protocol") + "/" + listener.get("hostname"))) {
					violations.add(where + ": port, protocol and hostname must be unique for each listener");
				}
				if ("HTTPS".equals(listener.get("protocol")) && Manifests.map(listener, "tls").isEmpty()) {
					violations.add(where + ": tls must be specified for protocol HTTPS");
				}
			}
			listeners.put(Manifests.name(gateway), names);
		});
		Map<String, Set<Object>> servicePorts = new HashMap<>();
		Manifests.ofKind(objects, "Service").forEach((service) -> {
			Set<Object> ports = new HashSet<>();
			Manifests.list(Manifests.map(service, "spec").get("ports")).forEach((port) -> ports.add(port.get("port")));
			servicePorts.put(Manifests.name(service), ports);
		});
		Manifests.ofKind(objects, "HTTPRoute").forEach((route) -> {
			String where = Manifests.describe(route);
			boolean https = false;
			for (Map<String, Object> parent : Manifests.list(Manifests.map(route, "spec").get("parentRefs"))) {
				Set<String> sections = listeners.get(parent.get("name"));
				if (sections == null) {
					violations.add(where + ": no Gateway " + parent.get("name"));
				}
				else if (parent.get("sectionName") != null && !sections.contains(parent.get("sectionName"))) {
					violations.add(where + ": Gateway " + parent.get("name") + " has no listener "
							+ parent.get("sectionName"));
				}
				https |= "https".equals(parent.get("sectionName"));
			}
			for (Map<String, Object> rule : Manifests.list(Manifests.map(route, "spec").get("rules"))) {
				for (Map<String, Object> match : Manifests.list(rule.get("matches"))) {
					Object value = Manifests.map(match, "path").get("value");
					if (value instanceof String path && (!path.startsWith("/") || path.contains("//"))) {
						violations.add(where + ": path " + path + " must be absolute, without //");
					}
				}
				for (Map<String, Object> backend : Manifests.list(rule.get("backendRefs"))) {
					Set<Object> ports = servicePorts.get(backend.get("name"));
					if (ports == null || !ports.contains(backend.get("port"))) {
						violations
							.add(where + ": no Service " + backend.get("name") + " on port " + backend.get("port"));
					}
				}
			}
			if (https) {
				strings(Manifests.map(route, "spec").get("hostnames")).stream()
					.filter((host) -> !tlsNames.contains(host))
					.forEach((host) -> violations.add(where + ": " + host + " not in the public certificate"));
			}
		});
		return violations;
	}

	/**
	 * Counts and amounts the API server compares (pkg/apis/core/validation and
	 * pkg/apis/autoscaling/validation): a request at most its limit; an HPA's minReplicas
	 * at most its maxReplicas; a rolling update that may not have both maxSurge and
	 * maxUnavailable at 0; a preStop sleep shorter than the grace period
	 * (validateSleepAction). And a Deployment scaled by an HPA sets no replicas of its
	 * own, or every apply would reset the HPA's count.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> amounts(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Set<String> scaled = new HashSet<>();
		Manifests.ofKind(objects, "HorizontalPodAutoscaler").forEach((hpa) -> {
			Map<String, Object> spec = Manifests.map(hpa, "spec");
			if (((Integer) spec.getOrDefault("minReplicas", 1)) > (Integer) spec.get("maxReplicas")) {
				violations.add(Manifests.describe(hpa) + ": maxReplicas below minReplicas");
			}
			scaled.add(String.valueOf(Manifests.map(spec, "scaleTargetRef").get("name")));
		});
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			String name = Manifests.describe(workload);
			if (scaled.contains(Manifests.name(workload)) && Manifests.map(workload, "spec").containsKey("replicas")) {
				violations.add(name + ": scaled by an HPA but sets replicas");
			}
			Map<String, Object> rolling = Manifests.map(workload, "spec", "strategy", "rollingUpdate");
			if (!rolling.isEmpty() && "0".equals(String.valueOf(rolling.get("maxSurge")))
					&& "0".equals(String.valueOf(rolling.get("maxUnavailable")))) {
				violations.add(name + ": maxSurge and maxUnavailable both 0");
			}
			Map<String, Object> pod = Manifests.podSpec(workload);
			long grace = ((Number) pod.getOrDefault("terminationGracePeriodSeconds", 30)).longValue();
			for (Map<String, Object> container : Manifests.containers(pod)) {
				String where = name + " container " + container.get("name");
				Object sleep = Manifests.map(container, "lifecycle", "preStop", "sleep").get("seconds");
				if (sleep instanceof Number seconds && seconds.longValue() >= grace) {
					violations.add(where + ": preStop sleep not shorter than the grace period");
				}
				Map<String, Object> requests = Manifests.map(container, "resources", "requests");
				Map<String, Object> limits = Manifests.map(container, "resources", "limits");
				for (String resource : List.of("cpu", "memory")) {
					if (requests.containsKey(resource) && limits.containsKey(resource)
							&& Quantities.parse(requests.get(resource)) > Quantities.parse(limits.get(resource))) {
						violations.add(where + ": " + resource + " request above its limit");
					}
				}
			}
		}
		return violations;
	}

	/**
	 * A pod stops without losing requests: it has a preStop pause (the time endpoint
	 * removal takes to reach the proxies), and its grace period covers that pause, the
	 * container's connection drain ({@code SHOP_SERVER_DRAIN}), the application's own
	 * shutdown phase ({@code spring.lifecycle.timeout-per-shutdown-phase} of the module
	 * the image is built from, with graceful shutdown on) and a margin. Otherwise the
	 * kubelet kills the JVM while it still finishes requests.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> gracefulStop(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			Map<String, Object> pod = Manifests.podSpec(workload);
			long grace = ((Number) pod.getOrDefault("terminationGracePeriodSeconds", 30)).longValue();
			for (Map<String, Object> container : Manifests.list(pod.get("containers"))) {
				String module = SpringModules.of((String) container.get("image"));
				if (module == null) {
					continue;
				}
				String where = Manifests.describe(workload) + " container " + container.get("name");
				Object sleep = Manifests.map(container, "lifecycle", "preStop", "sleep").get("seconds");
				if (!(sleep instanceof Number pause) || pause.longValue() < 5) {
					violations.add(where + ": no preStop sleep of 5 s or more");
					continue;
				}
				Duration shutdown = SpringModules.shutdownPhase(module);
				Duration drain = drain(container);
				Duration needed = Duration.ofSeconds(pause.longValue())
					.plus(drain)
					.plus(shutdown)
					.plus(SHUTDOWN_MARGIN);
				if (Duration.ofSeconds(grace).compareTo(needed) < 0) {
					violations.add(where + ": grace period " + grace + " s < preStop " + pause + " s"
							+ (drain.isZero() ? "" : " + drain " + drain.toSeconds() + " s") + " + shutdown phase "
							+ shutdown.toSeconds() + " s + margin " + SHUTDOWN_MARGIN.toSeconds() + " s");
				}
			}
		}
		return violations;
	}

	/**
	 * The connection drain before graceful shutdown ({@code SHOP_SERVER_DRAIN}, seconds
	 * such as {@code 6s}), zero when the container sets none.
	 */
	private static Duration drain(Map<String, Object> container) {
		return Manifests.list(container.get("env"))
			.stream()
			.filter((variable) -> "SHOP_SERVER_DRAIN".equals(variable.get("name")))
			.map((variable) -> Duration.parse("PT" + variable.get("value").toString().toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElse(Duration.ZERO);
	}

	/**
	 * Certificates as cert-manager's webhook validates them (ValidateDuration in
	 * internal/apis/certmanager/validation: duration at least 1 h, renewBefore at least 5
	 * min and less than the duration), and a platform CA that renews without a new key:
	 * services reload ca.crt at different times, so with a new key the leaves issued
	 * before and after the renewal would refuse each other (CaRenewalTests shows both). A
	 * leaf it signs lives shorter than the CA's renewal window, so every ca.crt is
	 * renewed before the old CA certificate expires.
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> certificates(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		Map<String, Duration> caRenewal = new HashMap<>();
		Manifests.ofKind(objects, "Certificate").forEach((certificate) -> {
			Map<String, Object> spec = Manifests.map(certificate, "spec");
			String where = Manifests.describe(certificate);
			Duration duration = goDuration(spec.getOrDefault("duration", "2160h"));
			Duration renewBefore = goDuration(spec.getOrDefault("renewBefore", "720h"));
			if (duration.compareTo(Duration.ofHours(1)) < 0) {
				violations.add(where + ": duration " + spec.get("duration") + " shorter than 1h");
			}
			if (spec.containsKey("renewBefore") && renewBefore.compareTo(Duration.ofMinutes(5)) < 0) {
				violations.add(where + ": renewBefore " + spec.get("renewBefore") + " shorter than 5m");
			}
			if (spec.containsKey("renewBefore") && renewBefore.compareTo(duration) >= 0) {
				violations.add(where + ": renewBefore " + spec.get("renewBefore") + " must be less than duration "
						+ spec.getOrDefault("duration", "2160h"));
			}
			if (Boolean.TRUE.equals(spec.get("isCA"))) {
				if (!"Never".equals(Manifests.map(spec, "privateKey").get("rotationPolicy"))) {
					violations.add(where + ": a CA renewed with a new key breaks trust between old and new leaves");
				}
				caRenewal.put((String) spec.get("secretName"), renewBefore);
			}
		});
		Map<String, String> issuerSecrets = new HashMap<>();
		Manifests.ofKind(objects, "Issuer")
			.filter((issuer) -> Manifests.map(issuer, "spec").containsKey("ca"))
			.forEach((issuer) -> issuerSecrets.put(Manifests.name(issuer),
					(String) Manifests.map(issuer, "spec", "ca").get("secretName")));
		Manifests.ofKind(objects, "Certificate").forEach((certificate) -> {
			Map<String, Object> spec = Manifests.map(certificate, "spec");
			Duration window = caRenewal.get(issuerSecrets.get(Manifests.map(spec, "issuerRef").get("name")));
			if (window != null && goDuration(spec.getOrDefault("duration", "2160h")).compareTo(window) >= 0) {
				violations.add(Manifests.describe(certificate) + ": duration " + spec.get("duration")
						+ " is not shorter than the CA's renewal window " + window.toHours() + "h");
			}
		});
		return violations;
	}

	/**
	 * Memory the JVMs can live in, from measurements and Keycloak's guide (k8s/README.md,
	 * "Sizing"). A Spring Boot service: request equal to the limit; the heap
	 * ({@code -XX:MaxRAMPercentage} of JAVA_TOOL_OPTIONS, the image's 75 % when the pod
	 * sets none) at least {@link #HEAP_FLOOR}, and what the limit leaves beside it at
	 * least {@link #NATIVE_BUDGET}. Keycloak: request equal to the limit, at least 1250
	 * MB, and a limit whose 70 % heap leaves its 300 MB of non-heap memory (the guide's
	 * formula).
	 * @param objects rendered objects
	 * @return the violations
	 */
	static List<String> jvmMemory(List<Map<String, Object>> objects) {
		List<String> violations = new ArrayList<>();
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			for (Map<String, Object> container : Manifests.list(Manifests.podSpec(workload).get("containers"))) {
				String where = Manifests.describe(workload) + " container " + container.get("name");
				String image = (String) container.get("image");
				boolean spring = SpringModules.of(image) != null;
				boolean keycloak = image.contains("/keycloak:");
				if (!spring && !keycloak) {
					continue;
				}
				Object request = Manifests.map(container, "resources", "requests").get("memory");
				Object limit = Manifests.map(container, "resources", "limits").get("memory");
				double limitBytes = Quantities.parse(limit);
				if (Quantities.parse(request) != limitBytes) {
					violations.add(where + ": memory request " + request + " below its limit " + limit);
				}
				if (spring) {
					double heap = limitBytes * heapPercent(container) / 100;
					if (heap < HEAP_FLOOR) {
						violations.add(where + ": heap " + mebibytes(heap) + " MiB below " + mebibytes(HEAP_FLOOR));
					}
					if (limitBytes - heap < NATIVE_BUDGET) {
						violations.add(where + ": " + mebibytes(limitBytes - heap) + " MiB beside the heap, below "
								+ mebibytes(NATIVE_BUDGET));
					}
				}
				else if (Quantities.parse(request) < 1250e6 || limitBytes < (1250e6 - 300e6) / 0.7) {
					violations.add(where + ": below Keycloak's sizing guide (request 1250 MB, limit 1357 MB)");
				}
			}
		}
		return violations;
	}

	private static double heapPercent(Map<String, Object> container) {
		String options = Manifests.list(container.get("env"))
			.stream()
			.filter((variable) -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
			.map((variable) -> (String) variable.get("value"))
			.findFirst()
			.orElse(IMAGE_JAVA_TOOL_OPTIONS);
		Matcher matcher = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 25;
	}

	private static long mebibytes(double bytes) {
		return Math.round(bytes / (1 << 20));
	}

	/**
	 * The gateway's trusted proxies belong to one cluster: the base sets none, every
	 * overlay sets its own (a CIDR list), and no two overlays share a value.
	 * @param base the base's shop-config literals
	 * @param overlays each overlay's rendered objects, by name
	 * @return the violations
	 */
	static List<String> trustedProxiesPerCluster(Map<String, String> base,
			Map<String, List<Map<String, Object>>> overlays) {
		List<String> violations = new ArrayList<>();
		String key = "GATEWAY_TRUSTED_PROXIES";
		if (base.containsKey(key)) {
			violations.add("base: sets " + key + ", which every overlay would inherit");
		}
		Map<String, String> seen = new HashMap<>();
		overlays.forEach((overlay, objects) -> {
			Object value = Manifests
				.map(Manifests.find(objects, "ConfigMap", Manifests.generatedConfigMap(objects, "shop-config")), "data")
				.get(key);
			if (!(value instanceof String ranges) || ranges.isBlank()) {
				violations.add(overlay + ": " + key + " not set");
				return;
			}
			for (String range : ranges.split(",")) {
				if (!isCidr(range.strip())) {
					violations.add(overlay + ": " + range + " is not an address range");
				}
			}
			String other = seen.put(ranges, overlay);
			if (other != null) {
				violations.add(overlay + ": " + key + " is " + other + "'s (" + ranges + ")");
			}
		});
		return violations;
	}

	/**
	 * The shop-config literals the base's kustomization generates.
	 * @return the literals, by name
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> baseConfigLiterals() {
		try {
			Map<String, Object> kustomization = new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(Files.readString(RepositoryFiles.resolve("k8s/base/kustomization.yaml")));
			Map<String, String> literals = new HashMap<>();
			for (Map<String, Object> generator : Manifests.list(kustomization.get("configMapGenerator"))) {
				for (Object literal : (List<Object>) generator.get("literals")) {
					String text = (String) literal;
					literals.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
				}
			}
			return literals;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A Go duration as cert-manager reads it ({@code 24h}, {@code 90m}, {@code 1h30m}).
	 */
	private static Duration goDuration(Object text) {
		Matcher matcher = GO_DURATION.matcher(String.valueOf(text));
		Duration duration = Duration.ZERO;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			long amount = Long.parseLong(matcher.group(1));
			duration = duration.plus(switch (matcher.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofSeconds(amount);
			});
			end = matcher.end();
		}
		if (end == 0 || end != String.valueOf(text).length()) {
			throw new IllegalArgumentException("Not a duration this check reads: " + text);
		}
		return duration;
	}

	private static boolean isCidr(String range) {
		String[] parts = range.split("/");
		try {
			int bits = InetAddress.getByName(parts[0]).getAddress().length * 8;
			return parts.length == 2 && parts[0].matches("[0-9a-fA-F:.]+") && Integer.parseInt(parts[1]) >= 0
					&& Integer.parseInt(parts[1]) <= bits;
		}
		catch (UnknownHostException | NumberFormatException ex) {
			return false;
		}
	}

	private static List<Map<String, Object>> selected(List<Map<String, Object>> workloads,
			Map<String, Object> selector) {
		return workloads.stream()
			.filter((workload) -> Manifests.selects(selector, Manifests.podLabels(workload)))
			.toList();
	}

	private static Set<String> containerPortNames(Map<String, Object> workload) {
		Set<String> names = new HashSet<>();
		Manifests.containers(Manifests.podSpec(workload))
			.forEach((container) -> Manifests.list(container.get("ports"))
				.forEach((port) -> names.add(String.valueOf(port.get("name")))));
		return names;
	}

	private static Set<String> selectorKeys(Map<String, Object> selector) {
		Set<String> keys = new HashSet<>(Manifests.strings(selector.get("matchLabels")).keySet());
		Manifests.list(selector.get("matchExpressions"))
			.forEach((expression) -> keys.add((String) expression.get("key")));
		return keys;
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object value) {
		return (value instanceof List<?> items) ? (List<String>) items : List.of();
	}

}
