package com.example.shop.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The shared resource-server beans; each service's {@code SecurityConfiguration} wires
 * them into its own filter chain.
 */
@AutoConfiguration
@EnableConfigurationProperties(ShopJwtProperties.class)
public class ShopResourceServerAutoConfiguration {

	@Bean
	JwtDecoder jwtDecoder(ShopJwtProperties properties) {
		return ShopJwtDecoders.create(properties);
	}

	@Bean
	KeycloakJwtAuthenticationConverter keycloakJwtAuthenticationConverter() {
		return new KeycloakJwtAuthenticationConverter();
	}

	@Bean
	ProblemDetailsAuthenticationEntryPoint problemDetailsAuthenticationEntryPoint() {
		return new ProblemDetailsAuthenticationEntryPoint();
	}

	@Bean
	ProblemDetailsAccessDeniedHandler problemDetailsAccessDeniedHandler() {
		return new ProblemDetailsAccessDeniedHandler();
	}

}
