package com.example.shop.security;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shared resource-server beans, for a servlet service or a reactive one; each
 * application's own {@code SecurityConfiguration} wires them into its filter chain.
 */
@AutoConfiguration
@EnableConfigurationProperties(ShopJwtProperties.class)
public class ShopResourceServerAutoConfiguration {

	@Bean
	KeycloakJwtAuthenticationConverter keycloakJwtAuthenticationConverter() {
		return new KeycloakJwtAuthenticationConverter();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletResourceServer {

		@Bean
		JwtDecoder jwtDecoder(ShopJwtProperties properties) {
			return ShopJwtDecoders.create(properties);
		}

		@Bean
		ShopResourceServer shopResourceServer(KeycloakJwtAuthenticationConverter authorities,
				ObjectProvider<MeterRegistry> meters, ShopJwtProperties properties) {
			return new ShopResourceServer(authorities, new ProblemDetailsAuthenticationEntryPoint(),
					new ProblemDetailsAccessDeniedHandler(), meters.getIfAvailable(),
					properties.jwks().retryAfterSeconds());
		}

		@Bean
		NotFoundWhenDenied notFoundWhenDenied() {
			return new NotFoundWhenDenied();
		}

		/**
		 * The management port's own chain: health, info and prometheus answer without a
		 * token, every other path there is denied; on the API port, actuator paths get
		 * the API's rules. NOTE: probes and scrapers cannot present a user's token; the
		 * management port is never published and, in Kubernetes, a NetworkPolicy admits
		 * only the kubelet's probes and Prometheus.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, Environment environment) {
			http.securityMatcher(new ManagementPortRequestMatcher(environment))
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers(EndpointRequest.to("health", "info", "prometheus"))
							.permitAll()
							.anyRequest()
							.denyAll())
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf((csrf) -> csrf.disable());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveResourceServer {

		@Bean
		ReactiveJwtDecoder reactiveJwtDecoder(ShopJwtProperties properties) {
			return ShopReactiveJwtDecoders.create(properties);
		}

	}

}
