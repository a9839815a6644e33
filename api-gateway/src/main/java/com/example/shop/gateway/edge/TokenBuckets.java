package com.example.shop.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.shop.security.problem.ReactiveProblemResponses;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Token buckets in Redis ({@link RedisRateLimiter}'s script), with a deliberate answer
 * for when Redis cannot be asked. {@link RedisRateLimiter} itself lets every request
 * through when Redis fails (it answers "allowed" with {@code -1} tokens left); here that
 * is noticed, logged and counted, and the bucket's choice applies: {@code ALLOW} (fail
 * open) or {@code DENY} (503 with {@code Retry-After}). One circuit breaker guards all
 * buckets: once Redis has failed, decisions are taken without asking it (no wait for its
 * timeout) and one request every {@value #REDIS_RETRY_SECONDS} seconds tries it again.
 * Over the limit: 429 with {@code Retry-After}, the {@code X-RateLimit-*} headers and a
 * problem body.
 */
@Component
public class TokenBuckets {

	private static final Logger logger = LoggerFactory.getLogger(TokenBuckets.class);

	static final int REDIS_RETRY_SECONDS = 2;

	private static final RedisUnavailable REDIS_FAILED = new RedisUnavailable();

	private final ApplicationContext context;

	private final MeterRegistry meters;

	private final CircuitBreaker redis = CircuitBreaker.of("rate-limiter-redis",
			CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(4)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofSeconds(REDIS_RETRY_SECONDS))
				.permittedNumberOfCallsInHalfOpenState(1)
				.build());

	public TokenBuckets(ApplicationContext context, MeterRegistry meters) {
		this.context = context;
		this.meters = meters;
	}

	/**
	 * A bucket per key with the given limit.
	 * @param limit the refill, size and cost, and the choice when Redis is down
	 * @return the buckets
	 */
	Bucket bucket(Limit limit) {
		RedisRateLimiter limiter = new RedisRateLimiter(limit.replenishRate(), limit.burstCapacity(),
				limit.requestedTokens());
		limiter.setApplicationContext(this.context);
		return new Bucket(limiter, limit);
	}

	/**
	 * A token bucket's limit.
	 *
	 * @param replenishRate tokens added per second
	 * @param burstCapacity the bucket's size
	 * @param requestedTokens what one request costs
	 * @param onRedisFailure what to do when Redis cannot be asked
	 */
	public record Limit(int replenishRate, long burstCapacity, int requestedTokens, OnRedisFailure onRedisFailure) {

		/** Whole seconds until a request's cost has been refilled, at least one. */
		long retryAfterSeconds() {
			return Math.max(1, (this.requestedTokens + this.replenishRate - 1) / this.replenishRate);
		}

	}

	/**
	 * What Redis's unavailability means for a bucket.
	 */
	public enum OnRedisFailure {

		/** Serve the request unlimited (fail open). */
		ALLOW,

		/** Refuse with 503 (fail closed). */
		DENY

	}

	/**
	 * Buckets of one limit, one per name (a route, the login endpoints) and key.
	 */
	final class Bucket {

		private final RedisRateLimiter limiter;

		private final Limit limit;

		private Bucket(RedisRateLimiter limiter, Limit limit) {
			this.limiter = limiter;
			this.limit = limit;
		}

		/**
		 * Takes the request's cost from the bucket, then continues or refuses.
		 * @param exchange the request
		 * @param name the bucket's name
		 * @param key whose bucket
		 * @param next the rest of the chain
		 * @return the answer
		 */
		Mono<Void> filter(ServerWebExchange exchange, String name, String key, Supplier<Mono<Void>> next) {
			if (!TokenBuckets.this.redis.tryAcquirePermission()) {
				return onRedisFailure(exchange, name, next);
			}
			long start = System.nanoTime();
			return this.limiter.isAllowed(name, key)
				.doOnCancel(TokenBuckets.this.redis::releasePermission)
				.flatMap((response) -> {
					long elapsed = System.nanoTime() - start;
					if (redisFailed(response)) {
						TokenBuckets.this.redis.onError(elapsed, TimeUnit.NANOSECONDS, REDIS_FAILED);
						return onRedisFailure(exchange, name, next);
					}
					TokenBuckets.this.redis.onSuccess(elapsed, TimeUnit.NANOSECONDS);
					response.getHeaders().forEach(exchange.getResponse().getHeaders()::add);
					if (response.isAllowed()) {
						return next.get();
					}
					return ReactiveProblemResponses.retryLater(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
							Long.toString(this.limit.retryAfterSeconds()),
							"Too many requests; slow down and retry later.");
				});
		}

		private Mono<Void> onRedisFailure(ServerWebExchange exchange, String name, Supplier<Mono<Void>> next) {
			OnRedisFailure policy = this.limit.onRedisFailure();
			logger.warn("Rate limiter could not ask Redis for {}: {}", name,
					(policy == OnRedisFailure.ALLOW) ? "request allowed (fail open)" : "request refused (fail closed)");
			Counter.builder("shop.gateway.ratelimiter.redis.failures")
				.description("Requests decided without Redis, by bucket and policy")
				.tag("route", name)
				.tag("policy", policy.name())
				.register(TokenBuckets.this.meters)
				.increment();
			if (policy == OnRedisFailure.ALLOW) {
				return next.get();
			}
			return ReactiveProblemResponses.retryLater(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
					Integer.toString(REDIS_RETRY_SECONDS),
					"The service is protected by a rate limiter that is unavailable; retry later.");
		}

	}

	private static boolean redisFailed(RateLimiter.Response response) {
		Map<String, String> headers = response.getHeaders();
		return "-1".equals(headers.get(RedisRateLimiter.REMAINING_HEADER));
	}

	/** What the breaker records for a Redis call that failed or timed out. */
	private static final class RedisUnavailable extends RuntimeException {

		RedisUnavailable() {
			super("Redis did not answer the rate limiter", null, false, false);
		}

	}

}
