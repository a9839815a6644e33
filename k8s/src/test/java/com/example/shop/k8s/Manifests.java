package com.example.shop.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.shop.testsupport.platform.RepositoryFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects an overlay applies, rendered by {@code kubectl kustomize} exactly as
 * {@code kubectl apply -k} would send them, and ways to read them.
 */
final class Manifests {

	/** Every overlay under {@code k8s/overlays}; the tests cover each one. */
	static final List<String> OVERLAYS = List.of("dev", "prod");

	/** The kinds whose pods run containers. */
	static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
			"Pod");

	private static final Map<String, String> rendered = new ConcurrentHashMap<>();

	private Manifests() {
	}

	/**
	 * The rendered objects of an overlay, in the order kustomize writes them.
	 * @param overlay {@code dev} or {@code prod}
	 * @return fresh copies that a test may change
	 */
	static List<Map<String, Object>> render(String overlay) {
		return parse(rendered.computeIfAbsent(overlay, (name) -> kustomize(
				RepositoryFiles.resolve("k8s/overlays/" + name + "/kustomization.yaml").getParent())));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> parse(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return objects;
	}

	private static String kustomize(Path directory) {
		try {
			Path output = Files.createTempFile("kustomize", ".yaml");
			Process process = new ProcessBuilder(kubectl(), "kustomize", directory.toString())
				.redirectOutput(output.toFile())
				.redirectErrorStream(false)
				.start();
			String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + errors);
			}
			String yaml = Files.readString(output);
			Files.delete(output);
			return yaml;
		}
		catch (IOException ex) {
			throw new IllegalStateException("kubectl could not be run; install a kubectl client (1.27 or "
					+ "later, it carries kustomize) or set KUBECTL to one", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String kubectl() {
		return Objects.requireNonNullElse(System.getenv("KUBECTL"), "kubectl");
	}

	/**
	 * Whether a label selector (matchLabels and matchExpressions, ANDed) selects these
	 * labels, as the API server reads it.
	 * @param selector a LabelSelector
	 * @param labels an object's labels
	 * @return whether it is selected
	 */
	static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
		boolean labelsMatch = Manifests.strings(selector.get("matchLabels"))
			.entrySet()
			.stream()
			.allMatch((label) -> label.getValue().equals(labels.get(label.getKey())));
		return labelsMatch && Manifests.list(selector.get("matchExpressions")).stream().allMatch((expression) -> {
			String value = labels.get((String) expression.get("key"));
			List<?> values = (expression.get("values") instanceof List<?> listed) ? listed : List.of();
			return switch (String.valueOf(expression.get("operator"))) {
				case "In" -> value != null && values.contains(value);
				case "NotIn" -> value == null || !values.contains(value);
				case "Exists" -> value != null;
				case "DoesNotExist" -> value == null;
				default -> throw new IllegalArgumentException("Unknown operator in " + expression);
			};
		});
	}

	static String kind(Map<String, Object> object) {
		return (String) object.get("kind");
	}

	static String name(Map<String, Object> object) {
		return (String) map(object, "metadata").get("name");
	}

	static String describe(Map<String, Object> object) {
		return kind(object) + " " + name(object);
	}

	static Stream<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(kind(object)));
	}

	static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
		return ofKind(objects, kind).filter((object) -> name.equals(name(object)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No " + kind + " " + name));
	}

	/**
	 * The name kustomize gave a generated ConfigMap (the generator's name and a content
	 * hash).
	 * @param objects rendered objects
	 * @param generator the generator's name, such as {@code shop-config}
	 * @return the ConfigMap's name
	 */
	static String generatedConfigMap(List<Map<String, Object>> objects, String generator) {
		return ofKind(objects, "ConfigMap").map(Manifests::name)
			.filter((name) -> name.startsWith(generator + "-"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No ConfigMap generated by " + generator));
	}

	/**
	 * The pod template's spec of a workload (a Pod's own spec, a CronJob's job's).
	 * @param workload an object of one of {@link #WORKLOAD_KINDS}
	 * @return the pod spec
	 */
	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return switch (kind(workload)) {
			case "Pod" -> map(workload, "spec");
			case "CronJob" -> map(workload, "spec", "jobTemplate", "spec", "template", "spec");
			default -> map(workload, "spec", "template", "spec");
		};
	}

	static Map<String, String> podLabels(Map<String, Object> workload) {
		Map<String, Object> metadata = "Pod".equals(kind(workload)) ? map(workload, "metadata")
				: map(workload, "spec", "template", "metadata");
		return strings(metadata.get("labels"));
	}

	/**
	 * Every container of a pod spec, init containers included.
	 * @param podSpec a pod spec
	 * @return the containers
	 */
	static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
		List<Map<String, Object>> containers = new ArrayList<>(list(podSpec.get("containers")));
		containers.addAll(list(podSpec.get("initContainers")));
		return containers;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> object, String... path) {
		Map<String, Object> current = object;
		for (String key : path) {
			Object next = (current != null) ? current.get(key) : null;
			current = (next instanceof Map<?, ?> nested) ? (Map<String, Object>) nested : null;
		}
		return (current != null) ? current : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (value instanceof List<?> items) ? (List<Map<String, Object>>) items : List.of();
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> strings(Object value) {
		return (value instanceof Map<?, ?> items) ? (Map<String, String>) items : Map.of();
	}

}
