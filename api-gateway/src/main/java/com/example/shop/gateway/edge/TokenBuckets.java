package com.example.shop.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.problem.ReactiveProblemResponses;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Token buckets in Redis, with a deliberate answer for when Redis cannot be asked: the
 * bucket's choice applies, {@code ALLOW} (fail open) or {@code DENY} (503 with
 * {@code Retry-After}), and it is logged and counted. One circuit breaker guards all
 * buckets: once Redis has failed, decisions are taken without asking it (no wait for its
 * timeout) and one request every {@value #REDIS_RETRY_SECONDS} seconds tries it again.
 * Over the limit: 429 with {@code Retry-After}, the {@code X-RateLimit-*} headers and a
 * problem body.
 * <p>
 * A request that finds no tokens in this gateway's lease for its bucket asks Redis for
 * its cost and a lease for later requests ({@link TokenLeases}): a client that sends many
 * requests costs one Redis call per lease instead of one per request, and every gateway
 * together still lets through no more than the bucket holds.
 */
@Component
public class TokenBuckets {

	static final int REDIS_RETRY_SECONDS = 2;

	private static final RedisUnavailable REDIS_FAILED = new RedisUnavailable();

	static final String REMAINING_HEADER = "X-RateLimit-Remaining";

	static final String REPLENISH_RATE_HEADER = "X-RateLimit-Replenish-Rate";

	static final String BURST_CAPACITY_HEADER = "X-RateLimit-Burst-Capacity";

	static final String REQUESTED_TOKENS_HEADER = "X-RateLimit-Requested-Tokens";

	private final RedisTokenBucket buckets;

	private final TokenLeases leases = new TokenLeases(System::nanoTime);

	private final MeterRegistry meters;

	private final Map<String, Counter> failures = new ConcurrentHashMap<>();

	private final Map<String, Long> warned = new ConcurrentHashMap<>();

	private final CircuitBreaker redis = CircuitBreaker.of("rate-limiter-redis",
			CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(4)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofSeconds(REDIS_RETRY_SECONDS))
				.permittedNumberOfCallsInHalfOpenState(1)
				.build());

	private final AuditEvents audit;

	public TokenBuckets(ReactiveStringRedisTemplate redis, MeterRegistry meters, AuditEvents audit) {
		this.buckets = new RedisTokenBucket(redis);
		this.meters = meters;
		this.audit = audit;
	}

	/**
	 * A bucket per key with the given limit.
	 * @param limit the refill, size and cost, and the choice when Redis is down
	 * @return the buckets
	 */
	Bucket bucket(Limit limit) {
		return new Bucket(limit);
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

		private final Limit limit;

		private final long leaseSize;

		private Bucket(Limit limit) {
			this.limit = limit;
			this.leaseSize = TokenLeases.leaseSize(limit.burstCapacity(), limit.requestedTokens());
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
			String bucket = name + "." + key;
			long cost = this.limit.requestedTokens();
			if (TokenBuckets.this.leases.tryTake(bucket, cost)) {
				limitHeaders(exchange, TokenBuckets.this.leases.remaining(bucket));
				return next.get();
			}
			if (TokenBuckets.this.leases.knownEmpty(bucket)) {
				limitHeaders(exchange, 0);
				return tooManyRequests(exchange, name);
			}
			if (!TokenBuckets.this.redis.tryAcquirePermission()) {
				return onRedisFailure(exchange, name, next);
			}
			TokenLeases leases = TokenBuckets.this.leases;
			boolean refill = leases.startRefill(bucket);
			long start = System.nanoTime();
			return TokenBuckets.this.buckets.take(bucket, this.limit, refill ? this.leaseSize : cost).doOnCancel(() -> {
				TokenBuckets.this.redis.releasePermission();
				if (refill) {
					leases.endRefill(bucket);
				}
			})
				.map(Optional::of)
				.onErrorResume((ex) -> Mono.just(Optional.empty()))
				.defaultIfEmpty(Optional.empty())
				.flatMap((answer) -> {
					long elapsed = System.nanoTime() - start;
					if (answer.isPresent()) {
						leases.add(bucket, answer.get().granted() - cost);
					}
					if (refill) {
						leases.endRefill(bucket);
					}
					if (answer.isEmpty()) {
						TokenBuckets.this.redis.onError(elapsed, TimeUnit.NANOSECONDS, REDIS_FAILED);
						return onRedisFailure(exchange, name, next);
					}
					TokenBuckets.this.redis.onSuccess(elapsed, TimeUnit.NANOSECONDS);
					RedisTokenBucket.Grant grant = answer.get();
					// Refused by Redis: a lease another request of this client took a
					// moment
					// ago may still pay for it.
					if (grant.granted() < cost && !leases.tryTake(bucket, cost)) {
						leases.markEmpty(bucket, TokenLeases.refillNanos(this.limit, grant.left()));
						limitHeaders(exchange, grant.left() + leases.remaining(bucket));
						return tooManyRequests(exchange, name);
					}
					limitHeaders(exchange, grant.left() + leases.remaining(bucket));
					return next.get();
				});
		}

		private Mono<Void> tooManyRequests(ServerWebExchange exchange, String name) {
			ServerHttpRequest request = exchange.getRequest();
			String method = request.getMethod().name();
			String path = request.getPath().value();
			TokenBuckets.this.audit.record(Action.RATE_LIMIT, Outcome.FAILURE, name,
					AuditEvents.request(method, path, request.getRemoteAddress()),
					"Rate limit " + name + " refused " + method + " " + path);
			return ReactiveProblemResponses.retryLater(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
					Long.toString(this.limit.retryAfterSeconds()), "Too many requests; slow down and retry later.");
		}

		/**
		 * The limit's headers. Remaining: the bucket's tokens when Redis was last asked
		 * and this gateway's lease; other gateways' leases are not counted.
		 */
		private void limitHeaders(ServerWebExchange exchange, long remaining) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set(REMAINING_HEADER, Long.toString(remaining));
			headers.set(REPLENISH_RATE_HEADER, Integer.toString(this.limit.replenishRate()));
			headers.set(BURST_CAPACITY_HEADER, Long.toString(this.limit.burstCapacity()));
			headers.set(REQUESTED_TOKENS_HEADER, Integer.toString(this.limit.requestedTokens()));
		}

		private Mono<Void> onRedisFailure(ServerWebExchange exchange, String name, Supplier<Mono<Void>> next) {
			OnRedisFailure policy = this.limit.onRedisFailure();
			// Every such request is counted; the log says it once per bucket while Redis
			// stays away (at most every REDIS_RETRY_SECONDS), not once per request.
			long now = System.nanoTime();
			Long warned = TokenBuckets.this.warned.get(name);
			if (warned == null || now - warned >= TimeUnit.SECONDS.toNanos(REDIS_RETRY_SECONDS)) {
				TokenBuckets.this.warned.put(name, now);
				String message = "Rate limiter could not ask Redis for " + name + ": requests "
						+ ((policy == OnRedisFailure.ALLOW) ? "allowed (fail open)" : "refused (fail closed)");
				if (policy == OnRedisFailure.ALLOW) {
					TokenBuckets.this.audit.record(Action.RATE_LIMIT_FAIL_OPEN, Outcome.UNKNOWN, "redis-unavailable",
							Map.of("rate_limit.name", name), message);
				}
				else {
					TokenBuckets.this.audit.record(Action.RATE_LIMIT, Outcome.FAILURE, "redis-unavailable",
							Map.of("rate_limit.name", name), message);
				}
			}
			TokenBuckets.this.failures
				.computeIfAbsent(name + "/" + policy,
						(k) -> Counter.builder("shop.gateway.ratelimiter.redis.failures")
							.description("Requests decided without Redis, by bucket and policy")
							.tag("route", name)
							.tag("policy", policy.name())
							.register(TokenBuckets.this.meters))
				.increment();
			if (policy == OnRedisFailure.ALLOW) {
				return next.get();
			}
			return ReactiveProblemResponses.retryLater(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
					Integer.toString(REDIS_RETRY_SECONDS),
					"The service is protected by a rate limiter that is unavailable; retry later.");
		}

	}

	/** What the breaker records for a Redis call that failed or timed out. */
	private static final class RedisUnavailable extends RuntimeException {

		RedisUnavailable() {
			super("Redis did not answer the rate limiter", null, false, false);
		}

	}

}
