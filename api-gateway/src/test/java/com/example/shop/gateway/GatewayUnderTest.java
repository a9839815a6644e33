package com.example.shop.gateway;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.http.ApiClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The set-up of a gateway integration test, in one place: a recording stand-in in the
 * place of both services, started with the test class and stopped after it; the gateway
 * told where the stand-in, the shared Keycloak and its certificate are
 * ({@link GatewayTestProperties}), and any property a test adds; optionally a TLS-only
 * Redis of its own; a client and addresses of the gateway the test started. A Spring Boot
 * test registers it as a static extension:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final GatewayUnderTest gateway = GatewayUnderTest.withStandIn("order-service");
 * </pre>
 *
 * The test's application context learns of it through {@link Customizers} (listed in
 * {@code META-INF/spring.factories}), which finds the field on the test class or, for a
 * nested class, on the classes around it, as Spring Boot finds a
 * {@code @ServiceConnection} field. Each one gets an application context of its own.
 */
public final class GatewayUnderTest implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final RecordingService services;

	private final List<Consumer<DynamicPropertyRegistry>> properties = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private TlsRedis redis;

	private Class<?> owner;

	private volatile ConfigurableEnvironment environment;

	private volatile ApiClient client;

	private GatewayUnderTest(RecordingService services) {
		this.services = services;
		this.resources.add(services);
		this.properties.add((registry) -> GatewayTestProperties.register(registry, services));
	}

	/**
	 * A gateway in front of one started stand-in for both services.
	 * @param name what the stand-in's answers say it is
	 * @return the set-up
	 */
	public static GatewayUnderTest withStandIn(String name) {
		return new GatewayUnderTest(RecordingService.started(name));
	}

	/**
	 * One more property of the gateway.
	 * @param name the property
	 * @param value supplies its value when the context is made
	 * @return this set-up
	 */
	public GatewayUnderTest withProperty(String name, Supplier<Object> value) {
		this.properties.add((registry) -> registry.add(name, value));
		return this;
	}

	/**
	 * The gateway's Redis is a started TLS-only Redis ({@link TlsRedis}), reached over
	 * TLS by {@link TlsRedis#HOST}, stopped after the test class.
	 * @param certificate what Redis presents
	 * @param ca the CA that {@code redis-cli} in the container trusts
	 * @param caFile the CA file the gateway trusts
	 * @return this set-up
	 */
	GatewayUnderTest withTlsRedis(IssuedCertificate certificate, X509Certificate ca, Supplier<Path> caFile) {
		TlsRedis started = TlsRedis.started(certificate, ca);
		this.redis = started;
		this.resources.add(started);
		return withProperty("REDIS_SSL_ENABLED", () -> "true").withProperty("REDIS_HOST", () -> TlsRedis.HOST)
			.withProperty("REDIS_PORT", started::port)
			.withProperty("REDIS_CA_FILE", () -> caFile.get().toString());
	}

	/**
	 * The stand-in for both services: what the gateway forwarded.
	 * @return the stand-in
	 */
	public RecordingService services() {
		return this.services;
	}

	TlsRedis redis() {
		if (this.redis == null) {
			throw new IllegalStateException("This gateway has no TLS Redis of its own");
		}
		return this.redis;
	}

	/**
	 * The running test's client of the gateway, a new one for each test: no connection
	 * outlives a test.
	 * @return a client of {@code http://localhost:<local.server.port>}
	 */
	public ApiClient client() {
		if (this.client == null) {
			throw new IllegalStateException("No test is running");
		}
		return this.client;
	}

	/**
	 * An address of the gateway.
	 * @param path the path and query
	 * @return {@code http://localhost:<local.server.port><path>}
	 */
	public URI uri(String path) {
		return URI.create("http://localhost:" + environment().getProperty("local.server.port") + path);
	}

	private ConfigurableEnvironment environment() {
		if (this.environment == null) {
			throw new IllegalStateException("No application context was made with this gateway yet");
		}
		return this.environment;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.owner == null) {
			this.owner = context.getRequiredTestClass();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.client = ApiClient.localServer(this::environment);
	}

	/**
	 * Stops the stand-in (and Redis) after the class that registered it; nested classes
	 * inherit the extension, and their end is not its end.
	 */
	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (context.getRequiredTestClass() != this.owner) {
			return;
		}
		for (AutoCloseable resource : this.resources.reversed()) {
			resource.close();
		}
	}

	/**
	 * The gateway's properties, each value supplied when asked for, as
	 * {@code @DynamicPropertySource} supplies them.
	 */
	private Map<String, Supplier<Object>> properties() {
		Map<String, Supplier<Object>> values = new LinkedHashMap<>();
		this.properties.forEach((contribution) -> contribution.accept(values::put));
		return Collections.unmodifiableMap(values);
	}

	/**
	 * Finds the {@link GatewayUnderTest} of a test class and gives the test's application
	 * context its properties.
	 */
	public static final class Customizers implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			GatewayUnderTest gateway = find(testClass);
			return (gateway != null) ? new Customizer(gateway) : null;
		}

		private static GatewayUnderTest find(Class<?> testClass) {
			List<Field> fields = new ArrayList<>();
			ReflectionUtils.doWithFields(testClass, fields::add, (field) -> Modifier.isStatic(field.getModifiers())
					&& GatewayUnderTest.class.isAssignableFrom(field.getType()));
			if (fields.size() > 1) {
				throw new IllegalStateException(testClass.getName() + " has more than one GatewayUnderTest: " + fields);
			}
			if (fields.isEmpty()) {
				return TestContextAnnotationUtils.searchEnclosingClass(testClass) ? find(testClass.getEnclosingClass())
						: null;
			}
			ReflectionUtils.makeAccessible(fields.get(0));
			return (GatewayUnderTest) ReflectionUtils.getField(fields.get(0), null);
		}

	}

	/**
	 * Puts a gateway's properties first in its application context's environment. Equal
	 * only for the same gateway: one context each.
	 */
	private record Customizer(GatewayUnderTest gateway) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			this.gateway.environment = context.getEnvironment();
			context.getEnvironment().getPropertySources().addFirst(new SuppliedProperties(this.gateway.properties()));
		}

	}

	private static final class SuppliedProperties extends EnumerablePropertySource<Map<String, Supplier<Object>>> {

		SuppliedProperties(Map<String, Supplier<Object>> values) {
			super("gatewayUnderTest", values);
		}

		@Override
		public String[] getPropertyNames() {
			return getSource().keySet().toArray(String[]::new);
		}

		@Override
		public Object getProperty(String name) {
			Supplier<Object> value = getSource().get(name);
			return (value != null) ? value.get() : null;
		}

	}

}
