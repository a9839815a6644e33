package com.example.shop.testsupport.containers;

import org.testcontainers.utility.DockerImageName;

/**
 * Image names of the containers that tests start. Each defaults to the official upstream
 * image and can be pointed elsewhere (a private registry, a local stand-in) with an
 * environment variable or system property of the same name, as {@code offline/images.env}
 * does.
 */
public final class ContainerImages {

	private ContainerImages() {
	}

	public static DockerImageName keycloak() {
		return image("KEYCLOAK_IMAGE", "quay.io/keycloak/keycloak:26.7.3");
	}

	public static DockerImageName postgres() {
		return image("POSTGRES_IMAGE", "postgres:15").asCompatibleSubstituteFor("postgres");
	}

	public static DockerImageName redis() {
		return image("REDIS_IMAGE", "redis:7.4").asCompatibleSubstituteFor("redis");
	}

	/**
	 * Prometheus, whose {@code promtool} checks and tests the platform's alert rules.
	 * @return the image, the one compose runs
	 */
	public static DockerImageName prometheus() {
		return image("PROMETHEUS_IMAGE", "prom/prometheus:v2.42.0");
	}

	static DockerImageName image(String variable, String upstream) {
		String configured = System.getProperty(variable, System.getenv(variable));
		return DockerImageName.parse((configured == null || configured.isBlank()) ? upstream : configured.strip());
	}

}
