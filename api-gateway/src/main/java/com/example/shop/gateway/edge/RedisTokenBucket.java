package com.example.shop.gateway.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One atomic take from a token bucket in Redis ({@code scripts/token-bucket.lua}): the
 * tokens one request costs, and up to a lease's worth more when the bucket has them.
 * Redis's own clock refills the bucket, so gateways with skewed clocks share it fairly.
 */
final class RedisTokenBucket {

	/**
	 * NOTE: the script's text, read once. A script made from a resource
	 * ({@code RedisScript.of(Resource)}) asks the resource whether it changed each time
	 * it is run, and in a Spring Boot jar that is a look into the nested jar on every
	 * request.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript.of(read("scripts/token-bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	RedisTokenBucket(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Takes from the bucket.
	 * @param key the bucket's key (bucket name and client)
	 * @param limit the bucket's refill, size and one request's cost
	 * @param wanted tokens wanted: one request's cost and a lease for later ones
	 * @return the tokens granted (0 or a multiple of the cost, at most {@code wanted})
	 * and those left in the bucket; an error when Redis cannot be asked
	 */
	Mono<Grant> take(String key, TokenBuckets.Limit limit, long wanted) {
		// One hash tag: both keys in one slot of a Redis cluster.
		String prefix = "shop.rate-limit.{" + key + "}";
		return this.redis
			.execute(SCRIPT, List.of(prefix + ".tokens", prefix + ".timestamp"),
					List.of(Integer.toString(limit.replenishRate()), Long.toString(limit.burstCapacity()),
							Integer.toString(limit.requestedTokens()), Long.toString(wanted)))
			.next()
			.map((answer) -> new Grant(answer.get(0), answer.get(1)));
	}

	private static String read(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a take got.
	 *
	 * @param granted tokens taken from the bucket for the caller
	 * @param left tokens left in the bucket
	 */
	record Grant(long granted, long left) {

	}

}
