package com.example.shop.security.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.shop.security.MovableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The exchanged-token cache: what it keeps, for how long, and what it counts.
 */
class ExchangedTokensTests {

	private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MovableClock clock = new MovableClock(START);

	private final ExchangedTokens tokens = new ExchangedTokens(this.meters, this.clock, Duration.ofSeconds(30), 100);

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void tokenWhenAskedTwiceThenOneExchangeAndTheSecondCountedCached() {
		TokenExchangeRequest request = request("alice-token", "order-service");

		String first = this.tokens.token(request, this::exchange).join();
		String second = this.tokens.token(request, this::exchange).join();

		assertThat(first).isEqualTo("exchanged-1").isEqualTo(second);
		assertThat(this.calls).hasValue(1);
		assertThat(count("order-service", "exchanged")).isEqualTo(1);
		assertThat(count("order-service", "cached")).isEqualTo(1);
		assertThat(this.tokens.size()).isEqualTo(1);
	}

	@Test
	void tokenWhenAnotherSubjectAudienceOrScopeThenAnotherExchange() {
		this.tokens.token(request("alice-token", "order-service"), this::exchange).join();

		this.tokens.token(request("bob-token", "order-service"), this::exchange).join();
		this.tokens.token(request("alice-token", "payment-service"), this::exchange).join();
		this.tokens
			.token(new TokenExchangeRequest("alice-token", START.plusSeconds(300), "order-service", "orders:read"),
					this::exchange)
			.join();

		assertThat(this.calls).hasValue(4);
		assertThat(count("order-service", "cached")).isZero();
	}

	@Test
	void tokenWhenAskedWhileTheExchangeRunsThenBothWaitForOneExchange() {
		CompletableFuture<ExchangedToken> answer = new CompletableFuture<>();
		TokenExchangeRequest request = request("alice-token", "order-service");

		CompletableFuture<String> first = this.tokens.token(request, (r) -> {
			this.calls.incrementAndGet();
			return answer;
		});
		CompletableFuture<String> second = this.tokens.token(request, this::exchange);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		answer.complete(new ExchangedToken("only-one", START.plusSeconds(300)));

		assertThat(first.join()).isEqualTo("only-one");
		assertThat(second.join()).isEqualTo("only-one");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void tokenWhenExchangeFailsThenNotKeptAndCountedByKind() {
		TokenExchangeRequest request = request("alice-token", "order-service");

		CompletableFuture<String> refused = this.tokens.token(request,
				(r) -> CompletableFuture.failedFuture(TokenExchangeException.refused(400, "invalid_request")));
		CompletableFuture<String> unavailable = this.tokens.token(request,
				(r) -> CompletableFuture.failedFuture(new IllegalStateException("connection reset")));
		String third = this.tokens.token(request, this::exchange).join();

		assertThat(ExchangedTokens.unwrap(refused.handle((value, failure) -> failure).join()).kind())
			.isEqualTo(TokenExchangeException.Kind.REFUSED);
		assertThat(ExchangedTokens.unwrap(unavailable.handle((value, failure) -> failure).join()).kind())
			.isEqualTo(TokenExchangeException.Kind.UNAVAILABLE);
		assertThat(third).isEqualTo("exchanged-1");
		assertThat(count("order-service", "refused")).isEqualTo(1);
		assertThat(count("order-service", "unavailable")).isEqualTo(1);
		assertThat(count("order-service", "exchanged")).isEqualTo(1);
	}

	@Test
	void tokenWhenOwnExpiryNearerThenReusedUntilTheMarginBeforeIt() {
		// The exchanged token lives 300 s, the subject token 600 s: kept for 270 s.
		TokenExchangeRequest request = new TokenExchangeRequest("alice-token", START.plusSeconds(600), "order-service",
				"");
		this.tokens.token(request, this::exchange).join();

		this.clock.advance(Duration.ofSeconds(269));
		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-2");
	}

	@Test
	void tokenWhenSubjectExpiresFirstThenNeverKeptBeyondTheMarginBeforeIt() {
		// The subject token expires in 100 s: its exchanged token is kept for 70 s only.
		TokenExchangeRequest request = new TokenExchangeRequest("alice-token", START.plusSeconds(100), "order-service",
				"");
		this.tokens.token(request, this::exchange).join();

		this.clock.advance(Duration.ofSeconds(69));
		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-2");
	}

	@Test
	void tokenWhenSubjectWithinTheMarginThenEveryRequestExchanges() {
		TokenExchangeRequest request = new TokenExchangeRequest("alice-token", START.plusSeconds(20), "order-service",
				"");

		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-1");
		assertThat(this.tokens.token(request, this::exchange).join()).isEqualTo("exchanged-2");
	}

	@Test
	void blockingTokenWhenExchangeRefusedThenTheExchangeFailureItself() {
		TokenExchangeRequest request = request("alice-token", "order-service");

		assertThat(this.tokens.token(request, (r) -> new ExchangedToken("blocking", START.plusSeconds(300)),
				Runnable::run))
			.isEqualTo("blocking");
		assertThatExceptionOfType(TokenExchangeException.class)
			.isThrownBy(() -> this.tokens.token(request("bob-token", "order-service"), (r) -> {
				throw TokenExchangeException.refused(403, "access_denied");
			}, Runnable::run))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("access_denied"));
	}

	@Test
	void requestWhenPrintedThenNoToken() {
		TokenExchangeRequest request = request("secret-subject-token", "order-service");

		assertThat(request.toString()).doesNotContain("secret-subject-token").contains("order-service");
		assertThat(request.key().toString()).doesNotContain("secret-subject-token");
		assertThat(new ExchangedToken("secret-exchanged-token", START).toString())
			.doesNotContain("secret-exchanged-token");
	}

	@Test
	void requestWhenAPartIsMissingThenRefused() {
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> new TokenExchangeRequest(null, START, "order-service", ""));
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> new TokenExchangeRequest("t", null, "order-service", ""));
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> new TokenExchangeRequest("t", START, null, ""));
	}

	@Test
	void keyWhenSameTokenThenSameKeyElseAnother() {
		TokenExchangeRequest request = request("alice-token", "order-service");

		assertThat(request.key()).isEqualTo(request("alice-token", "order-service").key());
		assertThat(request.key()).isNotEqualTo(request("alice-token2", "order-service").key());
		assertThat(request.key().subjectDigest()).hasSize(64).matches("[0-9a-f]+");
	}

	@Test
	void requestFormWhenScopeEmptyThenNoScopeParameter() {
		Map<String, List<String>> withScope = new TokenExchangeRequest("t", START, "payment-service", " payments:read ")
			.form();
		Map<String, List<String>> withoutScope = new TokenExchangeRequest("t", START, "payment-service", null).form();

		assertThat(withScope).containsEntry("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"))
			.containsEntry("subject_token", List.of("t"))
			.containsEntry("subject_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"))
			.containsEntry("requested_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"))
			.containsEntry("audience", List.of("payment-service"))
			.containsEntry("scope", List.of("payments:read"));
		assertThat(withoutScope).doesNotContainKey("scope");
	}

	private CompletableFuture<ExchangedToken> exchange(TokenExchangeRequest request) {
		return CompletableFuture.completedFuture(
				new ExchangedToken("exchanged-" + this.calls.incrementAndGet(), this.clock.instant().plusSeconds(300)));
	}

	private static TokenExchangeRequest request(String subject, String audience) {
		return new TokenExchangeRequest(subject, START.plusSeconds(300), audience, "");
	}

	private double count(String audience, String outcome) {
		Counter counter = this.meters.find(ExchangedTokens.METER)
			.tag("audience", audience)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
