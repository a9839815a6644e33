package com.example.shop.gateway.edge;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leases of tokens taken from Redis ahead of need: used while they last and live,
 * never more than granted, lost when expired.
 */
class TokenLeasesTests {

	private final AtomicLong clock = new AtomicLong(1_000);

	private final TokenLeases leases = new TokenLeases(this.clock::get);

	@Test
	void leaseSizeWhenSmallLimitThenOneRequestElseATenthOfTheBucket() {
		assertThat(TokenLeases.leaseSize(20, 1)).as("the platform's orders limit").isEqualTo(2);
		assertThat(TokenLeases.leaseSize(10, 1)).isEqualTo(1);
		assertThat(TokenLeases.leaseSize(300, 60)).as("a cost above a tenth of the bucket").isEqualTo(60);
		assertThat(TokenLeases.leaseSize(1_000, 3)).as("whole requests").isEqualTo(99);
		assertThat(TokenLeases.leaseSize(1_000_000, 1)).isEqualTo(100_000);
	}

	@Test
	void tryTakeWhenNoLeaseThenNothing() {
		assertThat(this.leases.tryTake("orders.user:alice", 1)).isFalse();
		assertThat(this.leases.remaining("orders.user:alice")).isZero();
	}

	@Test
	void tryTakeWhenLeasedThenExactlyTheGrantedTokensAndNoMore() {
		this.leases.add("orders.user:alice", 3);

		assertThat(this.leases.tryTake("orders.user:alice", 1)).isTrue();
		assertThat(this.leases.tryTake("orders.user:alice", 2)).isTrue();
		assertThat(this.leases.tryTake("orders.user:alice", 1)).isFalse();
		assertThat(this.leases.remaining("orders.user:alice")).isZero();
	}

	@Test
	void tryTakeWhenCostAboveWhatIsLeftThenRefusedAndLeftKept() {
		this.leases.add("orders.user:alice", 2);

		assertThat(this.leases.tryTake("orders.user:alice", 3)).isFalse();
		assertThat(this.leases.remaining("orders.user:alice")).isEqualTo(2);
	}

	@Test
	void tryTakeWhenAnotherKeyLeasedThenNothing() {
		this.leases.add("orders.user:alice", 5);

		assertThat(this.leases.tryTake("orders.user:bob", 1)).isFalse();
		assertThat(this.leases.tryTake("payments.user:alice", 1)).isFalse();
	}

	@Test
	void tryTakeWhenLeaseExpiredThenNothingAndNewGrantDoesNotRevive() {
		this.leases.add("orders.user:alice", 5);
		this.clock.addAndGet(TokenLeases.TIME_TO_LIVE_NANOS);

		assertThat(this.leases.tryTake("orders.user:alice", 1)).isFalse();
		assertThat(this.leases.remaining("orders.user:alice")).isZero();
		this.leases.add("orders.user:alice", 1);
		assertThat(this.leases.remaining("orders.user:alice")).as("the expired tokens are gone").isEqualTo(1);
	}

	@Test
	void tryTakeWhenJustBeforeExpiryThenUsed() {
		this.leases.add("orders.user:alice", 1);
		this.clock.addAndGet(TokenLeases.TIME_TO_LIVE_NANOS - 1);

		assertThat(this.leases.tryTake("orders.user:alice", 1)).isTrue();
	}

	@Test
	void addWhenNothingLeftOverThenNoLease() {
		this.leases.add("orders.user:alice", 0);

		assertThat(this.leases.size()).isZero();
	}

	@Test
	void addWhenManyLeasesThenExpiredOnesSwept() {
		for (int i = 0; i <= TokenLeases.SWEEP_ABOVE; i++) {
			this.leases.add("orders.user:" + i, 1);
		}
		this.clock.addAndGet(TokenLeases.TIME_TO_LIVE_NANOS);

		this.leases.add("orders.user:new", 1);

		assertThat(this.leases.size()).isEqualTo(1);
	}

	@Test
	void refillWhenManyClientsWithNothingLeftOverThenSweptToo() {
		// Leases of one request (a small bucket) leave nothing over to add; refills and
		// refusals of many clients must not pile up either.
		for (int i = 0; i <= TokenLeases.SWEEP_ABOVE; i++) {
			assertThat(this.leases.startRefill("payments.user:" + i)).isTrue();
			this.leases.endRefill("payments.user:" + i);
			this.leases.markEmpty("catalogue.address:" + i, 1);
		}
		this.clock.addAndGet(TokenLeases.TIME_TO_LIVE_NANOS);

		assertThat(this.leases.startRefill("payments.user:new")).isTrue();

		assertThat(this.leases.size()).isEqualTo(1);
	}

	@Test
	void startRefillWhenOneRunsThenNoSecondUntilItEnds() {
		assertThat(this.leases.startRefill("orders.user:alice")).isTrue();
		assertThat(this.leases.startRefill("orders.user:alice")).isFalse();
		assertThat(this.leases.startRefill("orders.user:bob")).isTrue();

		this.leases.endRefill("orders.user:alice");

		assertThat(this.leases.startRefill("orders.user:alice")).isTrue();
	}

	@Test
	void tryTakeWhenManyThreadsThenNeverMoreThanLeased() throws Exception {
		this.leases.add("orders.user:alice", 1_000);
		AtomicLong taken = new AtomicLong();
		Thread[] threads = new Thread[8];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 500; i++) {
					if (this.leases.tryTake("orders.user:alice", 1)) {
						taken.incrementAndGet();
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(taken.get()).isEqualTo(1_000);
	}

	@Test
	void knownEmptyWhenMarkedThenUntilTheRefillAndForThatKeyOnly() {
		this.leases.markEmpty("orders.user:alice", 500);

		assertThat(this.leases.knownEmpty("orders.user:alice")).isTrue();
		assertThat(this.leases.knownEmpty("orders.user:bob")).isFalse();
		this.clock.addAndGet(499);
		assertThat(this.leases.knownEmpty("orders.user:alice")).isTrue();
		this.clock.addAndGet(1);
		assertThat(this.leases.knownEmpty("orders.user:alice")).isFalse();
	}

	@Test
	void knownEmptyWhenNeverMarkedThenNot() {
		this.leases.add("orders.user:alice", 1);

		assertThat(this.leases.knownEmpty("orders.user:alice")).isFalse();
	}

	@Test
	void refillNanosWhenTokensMissingThenTheirRefillTime() {
		TokenBuckets.Limit limit = new TokenBuckets.Limit(10, 20, 3, TokenBuckets.OnRedisFailure.DENY);

		assertThat(TokenLeases.refillNanos(limit, 1)).isEqualTo(200_000_000L);
		assertThat(TokenLeases.refillNanos(limit, 3)).isZero();
		assertThat(TokenLeases.refillNanos(limit, 5)).isZero();
	}

}
