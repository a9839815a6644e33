package com.example.shop.gateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tokens this gateway took from a Redis bucket ahead of need, so that a client that sends
 * many requests does not cost one Redis call each. A lease holds tokens Redis has already
 * taken from the bucket, so every gateway together never lets more through than the
 * bucket allows; what a lease has not used when it expires is lost, which only makes the
 * limit stricter for a moment. A lease expires {@link #TIME_TO_LIVE_NANOS} after its last
 * grant.
 * <p>
 * When Redis refuses a request, the bucket is known to stay short of one request's cost
 * for a while (it refills at its rate; other gateways can only take from it), so this
 * gateway refuses that client's requests without asking Redis until then
 * ({@link #markEmpty}): a flood past the limit costs Redis a call now and then, not one
 * per request.
 * <p>
 * NOTE: a lease is a tenth of the bucket, or one request's cost when that is more (see
 * {@link #leaseSize}), and one refill per key runs at a time, so a client's tokens
 * stranded in other gateways' leases are bounded too. With the platform's own small
 * limits (bursts of 10 to 40 per user) a lease is one to four requests, so a user's
 * requests still ask Redis about as often as before; floods and high limits gain most.
 */
final class TokenLeases {

	static final long TIME_TO_LIVE_NANOS = 1_000_000_000L;

	/** Above this many leases, expired ones are swept out when a new one is made. */
	static final int SWEEP_ABOVE = 10_000;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	TokenLeases(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * How many tokens to ask Redis for at once: a tenth of the bucket, in whole requests,
	 * and at least one request's cost.
	 * @param burstCapacity the bucket's size
	 * @param requestedTokens one request's cost
	 * @return the lease's size in tokens
	 */
	static long leaseSize(long burstCapacity, long requestedTokens) {
		long requests = Math.max(1, burstCapacity / 10 / requestedTokens);
		return requests * requestedTokens;
	}

	/**
	 * Takes one request's cost from the key's lease, if it has enough and has not
	 * expired.
	 * @param key the bucket's key (bucket name and client)
	 * @param requested the request's cost
	 * @return whether the lease paid for the request
	 */
	boolean tryTake(String key, long requested) {
		Lease lease = this.leases.get(key);
		return lease != null && lease.tryTake(requested, this.nanoTime.getAsLong());
	}

	/**
	 * Adds tokens Redis granted beyond the request that asked for them.
	 * @param key the bucket's key
	 * @param tokens the tokens left for later requests
	 */
	void add(String key, long tokens) {
		if (tokens <= 0) {
			return;
		}
		lease(key).add(tokens, this.nanoTime.getAsLong());
	}

	/**
	 * Whether this request may ask Redis for a lease: one request per key at a time, so
	 * that a burst of concurrent requests does not take a lease each (the others ask for
	 * their own cost only). Ended by {@link #endRefill}.
	 * @param key the bucket's key
	 * @return whether it may
	 */
	boolean startRefill(String key) {
		return lease(key).refilling.compareAndSet(false, true);
	}

	/** Ends the key's refill, once its grant is in the lease (or it failed). */
	void endRefill(String key) {
		Lease lease = this.leases.get(key);
		if (lease != null) {
			lease.refilling.set(false);
		}
	}

	/**
	 * Notes that the key's bucket cannot pay for a request for the given time.
	 * @param key the bucket's key
	 * @param nanos how long, from now
	 */
	void markEmpty(String key, long nanos) {
		long now = this.nanoTime.getAsLong();
		lease(key).emptyUntil = now + nanos;
	}

	/** Whether Redis said, a moment ago, that the key's bucket cannot pay yet. */
	boolean knownEmpty(String key) {
		Lease lease = this.leases.get(key);
		return lease != null && this.nanoTime.getAsLong() - lease.emptyUntil < 0;
	}

	/**
	 * How long a bucket with {@code left} tokens takes to refill to {@code cost}.
	 * @param limit the bucket's limit
	 * @param left the tokens it has
	 * @return the time in nanoseconds
	 */
	static long refillNanos(TokenBuckets.Limit limit, long left) {
		long missing = Math.max(0, limit.requestedTokens() - left);
		return missing * 1_000_000_000L / limit.replenishRate();
	}

	/**
	 * The key's lease, made when missing. Above {@link #SWEEP_ABOVE} leases, the ones
	 * with nothing left to say (expired, not refused, not refilling) are swept out first,
	 * so that many clients (or many addresses) leave no more behind than that.
	 */
	private Lease lease(String key) {
		Lease lease = this.leases.get(key);
		if (lease != null) {
			return lease;
		}
		if (this.leases.size() > SWEEP_ABOVE) {
			long now = this.nanoTime.getAsLong();
			this.leases.values()
				.removeIf((old) -> old.expired(now) && now - old.emptyUntil >= 0 && !old.refilling.get());
		}
		return this.leases.computeIfAbsent(key, (k) -> new Lease());
	}

	/** The tokens the key's lease still holds (0 once expired). */
	long remaining(String key) {
		Lease lease = this.leases.get(key);
		return (lease != null && !lease.expired(this.nanoTime.getAsLong())) ? lease.tokens.get() : 0;
	}

	int size() {
		return this.leases.size();
	}

	private static final class Lease {

		private final AtomicLong tokens = new AtomicLong();

		private final AtomicBoolean refilling = new AtomicBoolean();

		private volatile long expires = Long.MIN_VALUE / 2;

		private volatile long emptyUntil = Long.MIN_VALUE / 2;

		boolean tryTake(long requested, long now) {
			if (expired(now)) {
				return false;
			}
			long left;
			do {
				left = this.tokens.get();
				if (left < requested) {
					return false;
				}
			}
			while (!this.tokens.compareAndSet(left, left - requested));
			return true;
		}

		void add(long tokens, long now) {
			if (expired(now)) {
				// What was left of an expired lease is gone, not carried into the new
				// one.
				this.tokens.set(0);
			}
			this.tokens.addAndGet(tokens);
			this.expires = now + TIME_TO_LIVE_NANOS;
		}

		boolean expired(long now) {
			return now - this.expires >= 0;
		}

	}

}
