package com.example.shop.gateway.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.testsupport.containers.Containers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways (two {@link TokenBuckets}) share one bucket in a real Redis, as replicas
 * do: with leases, one client's flood costs a Redis call per lease, not per request, and
 * both gateways together never let through more than the bucket holds.
 */
class TokenBucketsIntegrationTests {

	private static final GenericContainer<?> redis = Containers.redis();

	private static final TokenBuckets.Limit LIMIT = new TokenBuckets.Limit(1, 100, 1, TokenBuckets.OnRedisFailure.DENY);

	private static LettuceConnectionFactory connections;

	private final AtomicInteger forwarded = new AtomicInteger();

	@BeforeAll
	static void startRedis() {
		redis.start();
		connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.getHost(), redis.getMappedPort(Containers.REDIS_PORT)));
		connections.afterPropertiesSet();
		connections.start();
	}

	@AfterAll
	static void stopRedis() {
		connections.destroy();
		redis.stop();
	}

	@BeforeEach
	void emptyRedis() throws Exception {
		redis.execInContainer("redis-cli", "FLUSHALL");
		redis.execInContainer("redis-cli", "CONFIG", "RESETSTAT");
	}

	@Test
	void floodWhenTwoGatewaysShareABucketThenOneRedisCallPerLeaseAndNoMoreThanTheBucket() throws Exception {
		TokenBuckets.Bucket first = gateway().bucket(LIMIT);
		TokenBuckets.Bucket second = gateway().bucket(LIMIT);
		long start = System.nanoTime();

		for (int i = 0; i < 80; i++) {
			assertThat(status(((i % 2 == 0) ? first : second), "alice")).isEqualTo(200);
		}
		long callsForEighty = scriptCalls();
		int refused = 0;
		for (int i = 0; i < 220; i++) {
			refused += (status(((i % 2 == 0) ? first : second), "alice") == 429) ? 1 : 0;
		}
		long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;

		// Leases of 10 tokens (a tenth of 100): 8 calls for 80 requests, one more per
		// gateway when a request finds its lease just used up.
		assertThat(callsForEighty).isBetween(8L, 10L);
		// The bucket's 100 and its refill of 1 a second, minus at most a lease per
		// gateway
		// left unused.
		assertThat(this.forwarded.get()).isBetween(100 - 2 * 10, 100 + (int) seconds * LIMIT.replenishRate());
		assertThat(refused).isEqualTo(300 - this.forwarded.get());
		// Refused requests ask Redis only when the bucket may have refilled (once a
		// second
		// per gateway here), not each time.
		assertThat(scriptCalls()).isLessThan(callsForEighty + 4 * seconds + 6);
	}

	@Test
	void burstWhenManyRequestsOfOneClientAtOnceWithinTheBucketThenAllPass() {
		TokenBuckets.Bucket bucket = gateway()
			.bucket(new TokenBuckets.Limit(10, 400, 1, TokenBuckets.OnRedisFailure.DENY));

		// All in flight together: each finds no lease; one asks Redis for a lease, the
		// others for their own token, and none is refused while the bucket has tokens.
		List<Integer> statuses = Flux.range(0, 40).flatMap((i) -> {
			MockServerWebExchange exchange = exchange();
			return bucket.filter(exchange, "orders", "user:alice", this::forward)
				.then(Mono.fromSupplier(() -> (exchange.getResponse().getStatusCode() != null)
						? exchange.getResponse().getStatusCode().value() : 200));
		}, 40).collectList().block();

		assertThat(statuses).hasSize(40).containsOnly(200);
	}

	@Test
	void requestWhenOtherClientFloodedThenItsOwnBucket() {
		TokenBuckets.Bucket bucket = gateway()
			.bucket(new TokenBuckets.Limit(1, 2, 1, TokenBuckets.OnRedisFailure.DENY));
		status(bucket, "alice");
		status(bucket, "alice");

		assertThat(status(bucket, "alice")).isEqualTo(429);
		assertThat(status(bucket, "bob")).isEqualTo(200);
	}

	@Test
	void requestWhenCostAboveWhatIsLeftThenRefusedAndNothingTaken() throws Exception {
		TokenBuckets.Bucket bucket = gateway()
			.bucket(new TokenBuckets.Limit(1, 100, 60, TokenBuckets.OnRedisFailure.DENY));

		assertThat(status(bucket, "alice")).isEqualTo(200);
		MockServerWebExchange refused = exchange();
		bucket.filter(refused, "orders", "user:alice", this::forward).block();

		assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("60");
		assertThat(Long.parseLong(refused.getResponse().getHeaders().getFirst("X-RateLimit-Remaining"))).isBetween(40L,
				41L);
		assertThat(Double
			.parseDouble(redis.execInContainer("redis-cli", "GET", "shop.rate-limit.{orders.user:alice}.tokens")
				.getStdout()
				.trim()))
			.as("the refused request took nothing")
			.isBetween(40.0, 42.0);
		assertThat(this.forwarded.get()).isEqualTo(1);
	}

	private TokenBuckets gateway() {
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connections);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		return new TokenBuckets(template, meters, new AuditEvents(meters));
	}

	private int status(TokenBuckets.Bucket bucket, String user) {
		MockServerWebExchange exchange = exchange();
		bucket.filter(exchange, "orders", "user:" + user, this::forward).block();
		return (exchange.getResponse().getStatusCode() != null) ? exchange.getResponse().getStatusCode().value() : 200;
	}

	private Mono<Void> forward() {
		this.forwarded.incrementAndGet();
		return Mono.empty();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders"));
	}

	/** How often Redis ran a script since the test began. */
	private static long scriptCalls() throws Exception {
		String stats = redis.execInContainer("redis-cli", "INFO", "commandstats").getStdout();
		long calls = 0;
		Matcher matcher = Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)").matcher(stats);
		while (matcher.find()) {
			calls += Long.parseLong(matcher.group(2));
		}
		return calls;
	}

}
