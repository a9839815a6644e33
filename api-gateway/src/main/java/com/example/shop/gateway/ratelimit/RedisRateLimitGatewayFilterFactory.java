package com.example.shop.gateway.ratelimit;

import java.util.Map;

import com.example.shop.gateway.config.ProblemDetails;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code RedisRateLimit}: a {@link RedisRateLimiter} token bucket per route and client
 * key, with a deliberate answer for when Redis cannot be asked. {@link RedisRateLimiter}
 * itself lets every request through when Redis fails (it answers "allowed" with
 * {@code -1} tokens left); this filter notices that, logs and counts it, and then applies
 * the route's choice: {@code ALLOW} (fail open, for reads) or {@code DENY} (fail closed
 * with 503, for payments). Over the limit: 429 with the {@code X-RateLimit-*} headers and
 * a problem-details body.
 */
@Component
public class RedisRateLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<RedisRateLimitGatewayFilterFactory.Config> {

	private static final Logger logger = LoggerFactory.getLogger(RedisRateLimitGatewayFilterFactory.class);

	private final ApplicationContext context;

	private final KeyResolver keys;

	private final MeterRegistry meters;

	public RedisRateLimitGatewayFilterFactory(ApplicationContext context, KeyResolver keys, MeterRegistry meters) {
		super(Config.class);
		this.context = context;
		this.keys = keys;
		this.meters = meters;
	}

	@Override
	public GatewayFilter apply(Config config) {
		RedisRateLimiter limiter = new RedisRateLimiter(config.getReplenishRate(), config.getBurstCapacity(),
				config.getRequestedTokens());
		limiter.setApplicationContext(this.context);
		return (exchange, chain) -> {
			Route route = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			return this.keys.resolve(exchange)
				.flatMap((key) -> limiter.isAllowed(route.getId(), key))
				.flatMap((response) -> {
					if (redisFailed(response)) {
						return onRedisFailure(exchange, chain, route.getId(), config.getOnRedisFailure());
					}
					response.getHeaders().forEach(exchange.getResponse().getHeaders()::add);
					return response.isAllowed() ? chain.filter(exchange) : ProblemDetails.write(exchange.getResponse(),
							HttpStatus.TOO_MANY_REQUESTS, "Too many requests; slow down and retry later.");
				});
		};
	}

	private Mono<Void> onRedisFailure(ServerWebExchange exchange, GatewayFilterChain chain, String routeId,
			OnRedisFailure policy) {
		logger.warn("Rate limiter could not reach Redis on route {}: {}", routeId,
				(policy == OnRedisFailure.ALLOW) ? "request allowed (fail open)" : "request refused (fail closed)");
		Counter.builder("shop.gateway.ratelimiter.redis.failures")
			.description("Requests decided without Redis, by route and policy")
			.tag("route", routeId)
			.tag("policy", policy.name())
			.register(this.meters)
			.increment();
		if (policy == OnRedisFailure.ALLOW) {
			return chain.filter(exchange);
		}
		return ProblemDetails.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
				"The service is protected by a rate limiter that is unavailable; retry later.");
	}

	private static boolean redisFailed(RateLimiter.Response response) {
		Map<String, String> headers = response.getHeaders();
		return "-1".equals(headers.get(RedisRateLimiter.REMAINING_HEADER));
	}

	/**
	 * What Redis's unavailability means for a route.
	 */
	public enum OnRedisFailure {

		/** Serve the request unlimited (fail open). */
		ALLOW,

		/** Refuse with 503 (fail closed). */
		DENY

	}

	/**
	 * The route's bucket and policy.
	 */
	public static class Config {

		private int replenishRate = 10;

		private long burstCapacity = 20;

		private int requestedTokens = 1;

		private OnRedisFailure onRedisFailure = OnRedisFailure.DENY;

		public int getReplenishRate() {
			return this.replenishRate;
		}

		public void setReplenishRate(int replenishRate) {
			this.replenishRate = replenishRate;
		}

		public long getBurstCapacity() {
			return this.burstCapacity;
		}

		public void setBurstCapacity(long burstCapacity) {
			this.burstCapacity = burstCapacity;
		}

		public int getRequestedTokens() {
			return this.requestedTokens;
		}

		public void setRequestedTokens(int requestedTokens) {
			this.requestedTokens = requestedTokens;
		}

		public OnRedisFailure getOnRedisFailure() {
			return this.onRedisFailure;
		}

		public void setOnRedisFailure(OnRedisFailure onRedisFailure) {
			this.onRedisFailure = onRedisFailure;
		}

	}

}
