package com.example.shop.gateway;

import io.netty.resolver.DefaultAddressResolverGroup;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Lets the gateway's client resolve service names through the JVM, where the test support
 * maps them to the loopback address the services listen on. Reactor Netty's own DNS
 * resolver reads {@code /etc/hosts} and asks DNS servers itself, so in production it is
 * left as it is.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServiceNamesResolution {

	@Bean
	HttpClientCustomizer jvmResolver() {
		return (httpClient) -> httpClient.resolver(DefaultAddressResolverGroup.INSTANCE);
	}

}
