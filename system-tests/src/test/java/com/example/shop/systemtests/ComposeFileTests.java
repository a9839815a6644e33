package com.example.shop.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.platform.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@code docker-compose.yml}, read off the file: what is published, where,
 * and what every service waits for.
 */
class ComposeFileTests {

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void onlyTheGatewayKeycloakAndTheObservabilityToolsArePublishedAndOnlyOnLoopback() {
		assertThat(this.services).allSatisfy((name, service) -> {
			if (List.of("api-gateway", "keycloak", "zipkin", "prometheus").contains(name)) {
				assertThat((List<?>) service.get("ports")).as(name).singleElement().asString().startsWith("127.0.0.1:");
			}
			else {
				assertThat(service).as(name).doesNotContainKeys("ports");
			}
		});
	}

	@Test
	void everyLongRunningServiceHasAHealthcheckAndWaitsForHealthyDependencies() {
		assertThat(this.services).allSatisfy((name, service) -> {
			if (name.equals("pki")) {
				assertThat(service).containsEntry("network_mode", "none");
				return;
			}
			assertThat(service).as(name).containsKey("healthcheck");
			@SuppressWarnings("unchecked")
			Map<String, Map<String, String>> dependencies = (Map<String, Map<String, String>>) service
				.getOrDefault("depends_on", Map.of());
			dependencies.forEach(
					(dependency, condition) -> assertThat(condition.get("condition")).as(name + " -> " + dependency)
						.isEqualTo(dependency.equals("pki") ? "service_completed_successfully" : "service_healthy"));
		});
	}

	@Test
	void imagesAreVariablesWithUpstreamDefaultsAndSecretsComeFromTheEnvironment() throws IOException {
		assertThat(this.services.get("keycloak").get("image"))
			.isEqualTo("${KEYCLOAK_IMAGE:-quay.io/keycloak/keycloak:26.7.3}");
		assertThat(this.services.get("postgres").get("image")).isEqualTo("${POSTGRES_IMAGE:-postgres:15}");
		assertThat(this.services.get("redis").get("image")).isEqualTo("${REDIS_IMAGE:-redis:7.4}");
		assertThat(this.services.get("zipkin").get("image")).isEqualTo("${ZIPKIN_IMAGE:-openzipkin/zipkin:3.5.1}");
		assertThat(this.services.get("prometheus").get("image"))
			.isEqualTo("${PROMETHEUS_IMAGE:-prom/prometheus:v2.42.0}");
		String file = Files.readString(RepositoryFiles.resolve("docker-compose.yml"));
		for (String secret : List.of("GATEWAY_CLIENT_SECRET", "ORDER_SERVICE_CLIENT_SECRET", "POSTGRES_PASSWORD",
				"ORDER_DB_PASSWORD", "PAYMENT_DB_PASSWORD", "REDIS_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD")) {
			assertThat(file).as(secret).contains("${" + secret + ":-demo-");
			assertThat(Files.readString(RepositoryFiles.resolve(".env.example"))).contains(secret + "=demo-");
		}
	}

	@Test
	void platformServicesRunAsKubernetesRunsThemReadOnlyWithoutCapabilities() {
		for (String service : List.of("payment-service", "order-service", "api-gateway")) {
			assertThat(this.services.get(service)).as(service)
				.containsEntry("read_only", true)
				.containsEntry("tmpfs", List.of("/tmp"))
				.containsEntry("cap_drop", List.of("ALL"))
				.containsEntry("security_opt", List.of("no-new-privileges:true"))
				.containsEntry("stop_grace_period", "45s");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theObservabilityToolsAreOptInAndNothingOfThePlatformWaitsForThem() {
		for (String tool : List.of("zipkin", "prometheus")) {
			assertThat(this.services.get(tool)).as(tool).containsEntry("profiles", List.of("observability"));
		}
		assertThat(this.services).allSatisfy(
				(name, service) -> assertThat((Map<String, Object>) service.getOrDefault("depends_on", Map.of()))
					.as(name)
					.doesNotContainKeys("zipkin", "prometheus"));
		for (String service : List.of("payment-service", "order-service", "api-gateway")) {
			assertThat((Map<String, Object>) this.services.get(service).get("environment")).as(service)
				.containsEntry("ZIPKIN_ENABLED", "${ZIPKIN_ENABLED:-false}")
				.containsEntry("ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() {
		try (Reader reader = Files.newBufferedReader(RepositoryFiles.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			return (Map<String, Map<String, Object>>) compose.get("services");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
