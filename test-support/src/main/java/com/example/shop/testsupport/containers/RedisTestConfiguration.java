package com.example.shop.testsupport.containers;

import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * A Redis container from the configured image as the application's Redis; import it into
 * a Spring Boot test.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RedisTestConfiguration {

	@Bean
	@ServiceConnection(name = "redis")
	GenericContainer<?> redis() {
		return Containers.redis();
	}

}
