package com.example.shop.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and Redis containers from the configured images, for tests to declare as
 * {@code @Bean @ServiceConnection} (Redis with {@code name = "redis"}, since a stand-in
 * image need not be called {@code redis}).
 */
public final class Containers {

	public static final int REDIS_PORT = 6379;

	private Containers() {
	}

	public static PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(ContainerImages.postgres());
	}

	public static GenericContainer<?> redis() {
		return new GenericContainer<>(ContainerImages.redis()).withExposedPorts(REDIS_PORT);
	}

}
