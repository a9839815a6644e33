package com.example.shop.security.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exchanged tokens, kept per (subject token, audience, scopes) and reused until
 * {@code margin} before the earlier of their own expiry and the subject token's: the
 * steady state costs one exchange per user token and audience. Concurrent requests for
 * the same key wait for one exchange; a failed exchange is not kept. The cache is bounded
 * ({@code maximumSize} tokens, least recently used out first).
 * <p>
 * Every request for a token is counted in {@value #METER} by {@code audience} and
 * {@code outcome}: {@code cached} (no call to Keycloak), {@code exchanged},
 * {@code refused}, {@code unavailable}.
 */
public final class ExchangedTokens {

	/** The counter of token requests. */
	public static final String METER = "shop.token.exchange";

	private final AsyncCache<TokenExchangeRequest.Key, ExchangedToken> cache;

	private final MeterRegistry meters;

	/**
	 * A cache.
	 * @param meters where the counter is registered
	 * @param clock the clock expiry is measured by
	 * @param margin how long before expiry a token stops being reused; the service it is
	 * sent to gets at least this long to check it
	 * @param maximumSize how many tokens are kept at most
	 */
	public ExchangedTokens(MeterRegistry meters, Clock clock, Duration margin, long maximumSize) {
		this.meters = meters;
		this.cache = Caffeine.newBuilder()
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.maximumSize(maximumSize)
			.expireAfter(new UntilShortlyBeforeExpiry(clock, margin))
			.buildAsync();
	}

	/**
	 * The token for a request: kept, or exchanged now with the given function.
	 * @param request the exchange
	 * @param exchange asks Keycloak; must return at once (the call runs in the future)
	 * @return the access token's value, or a failure with a
	 * {@link TokenExchangeException}
	 */
	public CompletableFuture<String> token(TokenExchangeRequest request,
			Function<TokenExchangeRequest, CompletableFuture<ExchangedToken>> exchange) {
		AtomicBoolean called = new AtomicBoolean();
		CompletableFuture<ExchangedToken> token = this.cache.get(request.key(), (key, executor) -> {
			called.set(true);
			return exchange.apply(request);
		});
		return token.whenComplete((value, failure) -> count(request.audience(), called.get(), failure))
			.thenApply(ExchangedToken::value);
	}

	/**
	 * The same for a blocking exchange, run on the given executor and waited for.
	 * @param request the exchange
	 * @param exchange asks Keycloak and waits for the answer
	 * @param executor where the exchange runs (not in the cache's own lock)
	 * @return the access token's value
	 * @throws TokenExchangeException when no token came
	 */
	public String token(TokenExchangeRequest request, Function<TokenExchangeRequest, ExchangedToken> exchange,
			Executor executor) {
		try {
			return token(request, (r) -> CompletableFuture.supplyAsync(() -> exchange.apply(r), executor)).join();
		}
		catch (CompletionException ex) {
			throw unwrap(ex);
		}
	}

	/**
	 * How many tokens are kept now (expired ones may still count until cleaned up).
	 * @return the estimate
	 */
	public long size() {
		return this.cache.synchronous().estimatedSize();
	}

	private void count(String audience, boolean called, Throwable failure) {
		String outcome;
		if (failure == null) {
			outcome = called ? "exchanged" : "cached";
		}
		else {
			outcome = (unwrap(failure).kind() == TokenExchangeException.Kind.REFUSED) ? "refused" : "unavailable";
		}
		Counter.builder(METER)
			.description("Tokens asked for to call another service, by how they were obtained")
			.tag("audience", audience)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	/**
	 * The exchange's own failure, whatever the futures wrapped it in.
	 * @param failure a failure of {@link #token}
	 * @return the exchange failure
	 */
	public static TokenExchangeException unwrap(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause instanceof TokenExchangeException exchange) ? exchange
				: TokenExchangeException.unavailable(cause.getClass().getSimpleName(), cause);
	}

	/**
	 * A kept token expires {@code margin} before the earlier of its own expiry and the
	 * subject token's.
	 */
	private static final class UntilShortlyBeforeExpiry implements Expiry<TokenExchangeRequest.Key, ExchangedToken> {

		private final Clock clock;

		private final Duration margin;

		UntilShortlyBeforeExpiry(Clock clock, Duration margin) {
			this.clock = clock;
			this.margin = margin;
		}

		@Override
		public long expireAfterCreate(TokenExchangeRequest.Key key, ExchangedToken token, long currentTime) {
			Instant end = token.expiresAt().isBefore(key.subjectExpiresAt()) ? token.expiresAt()
					: key.subjectExpiresAt();
			Duration left = Duration.between(this.clock.instant(), end.minus(this.margin));
			return left.isNegative() ? 0 : left.toNanos();
		}

		@Override
		public long expireAfterUpdate(TokenExchangeRequest.Key key, ExchangedToken token, long currentTime,
				long currentDuration) {
			return expireAfterCreate(key, token, currentTime);
		}

		@Override
		public long expireAfterRead(TokenExchangeRequest.Key key, ExchangedToken token, long currentTime,
				long currentDuration) {
			return currentDuration;
		}

	}

}
