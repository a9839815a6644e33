package com.example.shop.security;

import java.time.Duration;
import java.util.List;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.mtls.CertificateReloads;
import com.example.shop.security.mtls.ClientTls;
import com.example.shop.security.mtls.ClientTlsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * What every application of the platform shares, for a servlet service and for the
 * reactive gateway alike: the token decoder and Keycloak authorities, the 401/403/503
 * problem answers, the management port's own chain, and the mutual-TLS client. Each
 * application's {@code SecurityConfiguration} adds its own rules.
 * <p>
 * NOTE: probes and scrapers cannot present a user's token, so on the management port
 * health, info and prometheus answer without one and every other path is denied; that
 * port is never published and, in Kubernetes, a NetworkPolicy admits only the kubelet's
 * probes and Prometheus. On the API port, actuator paths get the API's rules.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@EnableConfigurationProperties({ ShopJwtProperties.class, ClientTlsProperties.class })
public class ShopResourceServerAutoConfiguration {

	static final String[] MANAGEMENT_ENDPOINTS = { "health", "info", "prometheus" };

	@Bean
	KeycloakJwtAuthenticationConverter keycloakJwtAuthenticationConverter() {
		return new KeycloakJwtAuthenticationConverter();
	}

	@Bean
	ManagementPort managementPort(Environment environment) {
		return new ManagementPort(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	AuditEvents auditEvents(ObjectProvider<MeterRegistry> meters) {
		return new AuditEvents(meters.getIfAvailable());
	}

	/** Every reload of an SSL bundle's certificate, as an audit event. */
	@Bean
	@ConditionalOnBean(SslBundles.class)
	SmartInitializingSingleton certificateReloads(SslBundles bundles, AuditEvents audit) {
		return () -> CertificateReloads.record(bundles, audit);
	}

	/**
	 * The client side of mutual TLS, for an application that calls others. NOTE: an
	 * application whose client needs it and has no bundle fails at start-up.
	 */
	@Bean
	@ConditionalOnBean(SslBundles.class)
	@ConditionalOnProperty("shop.security.mtls.client-bundle")
	ClientTls clientTls(SslBundles bundles, ClientTlsProperties properties) {
		return ClientTls.of(bundles, properties.clientBundle());
	}

	/** Database queries are spans only within a request's or a job's trace. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
	static class Tracing {

		@Bean
		ObservationPredicate withinTraceOnly(ObjectProvider<Tracer> tracer) {
			return new WithinTraceOnly(List.of("jdbc."), tracer::getIfAvailable);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletResourceServer {

		@Bean
		@ConditionalOnMissingBean
		JwtDecoder jwtDecoder(ShopJwtProperties properties, ObjectProvider<ObservationRegistry> observations) {
			return ShopJwtDecoders.create(properties, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
		}

		@Bean
		ShopResourceServer shopResourceServer(KeycloakJwtAuthenticationConverter authorities,
				ObjectProvider<MeterRegistry> meters, ShopJwtProperties properties, AuditEvents audit) {
			return new ShopResourceServer(authorities, new ProblemDetailsAuthenticationEntryPoint(audit),
					new ProblemDetailsAccessDeniedHandler(audit), meters.getIfAvailable(), audit,
					properties.jwks().retryAfterSeconds());
		}

		@Bean
		NotFoundWhenDenied notFoundWhenDenied() {
			return new NotFoundWhenDenied();
		}

		/**
		 * Placeholders in method-security meta-annotations, for {@link OwnerOrAdmin}.
		 * Static: method security reads it while its own configuration is made.
		 */
		@Bean
		static AnnotationTemplateExpressionDefaults annotationTemplateExpressionDefaults() {
			return new AnnotationTemplateExpressionDefaults();
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, ManagementPort managementPort) {
			// @formatter:off
			http
				.securityMatcher(new ManagementPortRequestMatcher(managementPort))
				.authorizeHttpRequests((requests) -> requests
					.requestMatchers(org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest
						.to(MANAGEMENT_ENDPOINTS)).permitAll()
					.anyRequest().denyAll())
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf((csrf) -> csrf.disable());
			// @formatter:on
			return http.build();
		}

	}

	/**
	 * The drain before graceful shutdown ({@code shop.server.drain}, e.g. {@code 6s}):
	 * longer than the callers' idle limit for pooled connections.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnProperty("shop.server.drain")
	static class ServletConnectionDrain {

		@Bean
		ConnectionDrain connectionDrain(Environment environment, ObjectProvider<TomcatListeners> tomcat) {
			TomcatListeners listeners = tomcat.getIfAvailable();
			return new ConnectionDrain(Binder.get(environment).bind("shop.server.drain", Duration.class).get(),
					(listeners != null) ? listeners::close : () -> {
					});
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(TomcatWebServer.class)
		static class Tomcat {

			@Bean
			TomcatListeners tomcatListeners(ApplicationContext context) {
				return TomcatListeners.of(context);
			}

		}

		/** First of all filters: a refusal by the security chain asks to close too. */
		@Bean
		FilterRegistrationBean<ConnectionDrain> connectionDrainRegistration(ConnectionDrain drain) {
			FilterRegistrationBean<ConnectionDrain> registration = new FilterRegistrationBean<>(drain);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveResourceServer {

		@Bean
		@ConditionalOnMissingBean
		ReactiveJwtDecoder reactiveJwtDecoder(ShopJwtProperties properties,
				ObjectProvider<ObservationRegistry> observations) {
			return ShopReactiveJwtDecoders.create(properties,
					observations.getIfAvailable(() -> ObservationRegistry.NOOP));
		}

		@Bean
		ShopReactiveResourceServer shopReactiveResourceServer(KeycloakJwtAuthenticationConverter authorities,
				ShopJwtProperties properties, AuditEvents audit) {
			return new ShopReactiveResourceServer(authorities, new ProblemDetailsServerAuthenticationEntryPoint(audit),
					properties.jwks().retryAfterSeconds());
		}

		@Bean
		ManagementPortExchangeMatcher managementPortExchangeMatcher(ManagementPort managementPort) {
			return new ManagementPortExchangeMatcher(managementPort);
		}

		/**
		 * Probes and scrapes are no traces: without this, each health check and each
		 * Prometheus scrape of the management port would be one.
		 */
		@Bean
		ObservationPredicate managementRequestsUnobserved(ManagementPortExchangeMatcher onManagementPort) {
			return (name, context) -> !(context instanceof ServerRequestObservationContext request
					&& onManagementPort.isManagementRequest(request.getCarrier()));
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityWebFilterChain managementSecurityFilterChain(ServerHttpSecurity http,
				ManagementPortExchangeMatcher onManagementPort) {
			// @formatter:off
			http
				.securityMatcher(onManagementPort)
				.authorizeExchange((exchanges) -> exchanges
					.matchers(org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
						.to(MANAGEMENT_ENDPOINTS)).permitAll()
					.anyExchange().denyAll())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
				.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
			// @formatter:on
			return http.build();
		}

	}

}
