package com.example.shop.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.platform.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s/create-secrets.sh} makes every Secret and key the manifests reference, and
 * nothing they do not, with fresh random values where the platform owns them and the
 * operator's own values for the managed stores (run with {@code --dry-run}: no cluster).
 */
class SecretsScriptTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	@TempDir
	static Path workspace;

	@ParameterizedTest
	@FieldSource("overlays")
	void scriptWhenRunThenEveryReferencedSecretKeyExistsAndNoOther(String overlay) throws Exception {
		Map<String, Map<String, String>> created = secrets(run(overlay));

		assertThat(keys(created)).containsExactlyInAnyOrderElementsOf(referencedKeys(Manifests.render(overlay)));
	}

	@Test
	void scriptWhenDevThenRandomValuesNewOnEachRunAndUsersOfTheInitScript() throws Exception {
		Map<String, Map<String, String>> first = secrets(run("dev"));
		Map<String, Map<String, String>> second = secrets(run("dev"));

		assertThat(first.get("order-db")).containsEntry("username", "order_service");
		assertThat(first.get("payment-db")).containsEntry("username", "payment_service");
		assertThat(first.get("keycloak-db")).containsEntry("username", "keycloak");
		Set<String> values = new HashSet<>();
		first.forEach((name, data) -> data.forEach((key, value) -> {
			if (!"username".equals(key)) {
				assertThat(value).as(name + "/" + key).hasSize(32).isNotEqualTo(second.get(name).get(key));
				values.add(value);
			}
		}));
		assertThat(values).as("no value shared").hasSize(8);
	}

	@Test
	void scriptWhenProdWithoutManagedStoreCredentialsThenRefusesAndCreatesNothing() throws Exception {
		Result result = execute(Map.of(), "prod");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr()).contains("must be set for prod");
		assertThat(result.stdout()).isEmpty();
	}

	@Test
	void scriptWhenProdThenManagedStoreCredentialsAreTheOperatorsAndTheirCaAConfigMap() throws Exception {
		String yaml = run("prod");
		Map<String, Map<String, String>> created = secrets(yaml);

		assertThat(created.get("order-db")).containsEntry("username", "orders-user")
			.containsEntry("password", "orders-pass");
		assertThat(created.get("redis-auth")).containsEntry("password", "redis-pass");
		assertThat(Manifests.parse(yaml)).filteredOn((object) -> "ConfigMap".equals(Manifests.kind(object)))
			.singleElement()
			.satisfies((configMap) -> assertThat(Manifests.name(configMap)).isEqualTo("database-ca"))
			.satisfies((configMap) -> assertThat(Manifests.strings(configMap.get("data")).get("ca.crt"))
				.contains("BEGIN CERTIFICATE"));
	}

	private static String run(String overlay) throws Exception {
		Map<String, String> environment = new HashMap<>();
		if ("prod".equals(overlay)) {
			Path ca = workspace.resolve("database-ca.crt");
			Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
			environment.putAll(Map.of("KEYCLOAK_DB_USERNAME", "keycloak-user", "KEYCLOAK_DB_PASSWORD", "keycloak-pass",
					"ORDER_DB_USERNAME", "orders-user", "ORDER_DB_PASSWORD", "orders-pass", "PAYMENT_DB_USERNAME",
					"payments-user", "PAYMENT_DB_PASSWORD", "payments-pass", "REDIS_PASSWORD", "redis-pass",
					"DATABASE_CA_FILE", ca.toString()));
		}
		Result result = execute(environment, overlay);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		return result.stdout();
	}

	private static Result execute(Map<String, String> environment, String overlay)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(RepositoryFiles.resolve("k8s/create-secrets.sh").toString(),
				overlay, "--dry-run");
		builder.environment().putAll(environment);
		Path stderr = Files.createTempFile(workspace, "stderr", ".txt");
		Process process = builder.redirectError(stderr.toFile()).start();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		return new Result(process.exitValue(), stdout, Files.readString(stderr));
	}

	private static Map<String, Map<String, String>> secrets(String yaml) {
		Map<String, Map<String, String>> secrets = new HashMap<>();
		Manifests.parse(yaml).stream().filter((object) -> "Secret".equals(Manifests.kind(object))).forEach((secret) -> {
			Map<String, String> data = new HashMap<>();
			Manifests.strings(secret.get("data"))
				.forEach((key, value) -> data.put(key,
						new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
			secrets.put(Manifests.name(secret), data);
		});
		return secrets;
	}

	private static Set<String> keys(Map<String, Map<String, String>> secrets) {
		Set<String> keys = new HashSet<>();
		secrets.forEach((name, data) -> data.keySet().forEach((key) -> keys.add(name + "/" + key)));
		return keys;
	}

	private static Set<String> referencedKeys(List<Map<String, Object>> objects) {
		Set<String> keys = new HashSet<>();
		for (Map<String, Object> workload : Policies.workloads(objects)) {
			for (Map<String, Object> container : Manifests.containers(Manifests.podSpec(workload))) {
				for (Map<String, Object> variable : Manifests.list(container.get("env"))) {
					Map<String, Object> reference = Manifests.map(variable, "valueFrom", "secretKeyRef");
					if (!reference.isEmpty()) {
						keys.add(reference.get("name") + "/" + reference.get("key"));
					}
				}
			}
		}
		return keys;
	}

	private record Result(int exitCode, String stdout, String stderr) {

	}

}
