package com.example.shop.gateway.edge;

import com.example.shop.gateway.edge.TokenBuckets.Limit;
import com.example.shop.gateway.edge.TokenBuckets.OnRedisFailure;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;

/**
 * {@code RedisRateLimit}: a route's token bucket per user (or, before login, per client
 * address), with the route's choice for when Redis is down: {@code ALLOW} for reads,
 * {@code DENY} for payments (see {@link TokenBuckets}).
 */
@Component
public class RedisRateLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<RedisRateLimitGatewayFilterFactory.Config> {

	private final TokenBuckets buckets;

	private final RateLimitKeyResolver keys;

	public RedisRateLimitGatewayFilterFactory(TokenBuckets buckets, RateLimitKeyResolver keys) {
		super(Config.class);
		this.buckets = buckets;
		this.keys = keys;
	}

	@Override
	public GatewayFilter apply(Config config) {
		TokenBuckets.Bucket bucket = this.buckets.bucket(new Limit(config.getReplenishRate(), config.getBurstCapacity(),
				config.getRequestedTokens(), config.getOnRedisFailure()));
		return (exchange, chain) -> {
			Route route = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			return this.keys.resolve(exchange)
				.flatMap((key) -> bucket.filter(exchange, route.getId(), key, () -> chain.filter(exchange)));
		};
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
