package com.example.shop.gateway.config;

import io.lettuce.core.SslVerifyMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * TLS to Redis, when {@code spring.data.redis.ssl.enabled} is on: Redis's certificate
 * must chain to the CA of the SSL bundle {@code spring.data.redis.ssl.bundle} names and
 * name the host the gateway connects to. The CA is taken from the bundle again for each
 * new connection, so a CA file replaced in place (the managed Redis's CA rotating) is
 * trusted by the next connection without a restart; Spring Boot alone keeps the CA it
 * read at start-up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("spring.data.redis.ssl.enabled")
class RedisTlsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RedisTlsConfiguration.class);

	private static final int WARM_UP_ATTEMPTS = 3;

	// NOTE: FULL (chain and host name) is already Spring Data Redis's default; set here
	// so that a rediss:// URL or a changed default cannot weaken it unnoticed.
	@Bean
	LettuceClientConfigurationBuilderCustomizer redisHostNameVerified() {
		return (client) -> client.useSsl().verifyPeer(SslVerifyMode.FULL);
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer redisTrustFollowsBundle(SslBundles bundles, DataRedisProperties redis) {
		String bundle = redis.getSsl().getBundle();
		Assert.state(StringUtils.hasText(bundle), "TLS to Redis needs spring.data.redis.ssl.bundle (the CA to trust)");
		// Lettuce builds a TLS context per connection; this runs last in each build, so
		// the trust Boot read at start-up is replaced by the bundle's current one.
		return (options) -> options.sslOptions(options.build()
			.getSslOptions()
			.mutate()
			.sslContext(
					(context) -> context.trustManager(bundles.getBundle(bundle).getManagers().getTrustManagerFactory()))
			.build());
	}

	// NOTE: Lettuce must set a connection up (TCP, TLS, HELLO) within
	// spring.data.redis.timeout, and a JVM's first TLS handshake can take longer: the
	// first fail-closed requests after a start would be refused. Connecting before the
	// gateway takes traffic pays that once; a failure is only logged (Redis may come
	// later, and the routes' policies apply meanwhile).
	@Bean
	ApplicationListener<ApplicationReadyEvent> redisTlsWarmUp(ReactiveRedisConnectionFactory redis) {
		return (event) -> {
			for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
				try (ReactiveRedisConnection connection = redis.getReactiveConnection()) {
					connection.ping().block();
					return;
				}
				catch (RuntimeException ex) {
					// The first attempt of a start may time out; only the last is news.
					String cause = NestedExceptionUtils.getMostSpecificCause(ex).getMessage();
					if (attempt < WARM_UP_ATTEMPTS) {
						logger.debug("TLS connection to Redis failed at start-up, retrying: {}", cause);
					}
					else {
						logger.warn("No TLS connection to Redis at start-up: {}", cause);
					}
				}
			}
		};
	}

}
