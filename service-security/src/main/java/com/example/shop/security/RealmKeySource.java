package com.example.shop.security;

import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realm's signing keys, fetched from its JWK set endpoint and kept in memory. What
 * each case costs and answers:
 * <ul>
 * <li>a token whose key is cached is verified without waiting, also while a refresh runs
 * and while Keycloak is down (up to the outage tolerance);</li>
 * <li>a token with an unknown {@code kid} (a rotated key, or a forgery) triggers at most
 * one fetch per minimum refetch interval after a successful fetch; otherwise no key is
 * found and the token is refused as bad (401). A flood of made-up {@code kid}s costs
 * Keycloak one request per interval and never a 5xx;</li>
 * <li>with no usable keys at all (a cold start while Keycloak is unreachable) a fetch is
 * tried at most once per retry interval and {@link KeysUnavailableException} is thrown in
 * between, at once: the caller answers 503, and the first request after Keycloak is back
 * gets its keys within one retry interval.</li>
 * </ul>
 * NOTE: a failed fetch never starts the long minimum-refetch wait, which only a
 * successful one does: that wait after a failure locked valid tokens out for half a
 * minute after an outage.
 */
public final class RealmKeySource implements JWKSource<SecurityContext> {

	private static final Logger logger = LoggerFactory.getLogger(RealmKeySource.class);

	private final URL jwkSetUrl;

	private final ResourceRetriever retriever;

	private final ShopJwtProperties.Jwks settings;

	private final Clock clock;

	private final Executor refresher;

	private final ReentrantLock fetching = new ReentrantLock();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile Keys keys;

	private volatile Instant lastAttempt = Instant.MIN;

	RealmKeySource(URL jwkSetUrl, ResourceRetriever retriever, ShopJwtProperties.Jwks settings, Clock clock,
			Executor refresher) {
		this.jwkSetUrl = jwkSetUrl;
		this.retriever = retriever;
		this.settings = settings;
		this.clock = clock;
		this.refresher = refresher;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		Keys current = usableKeys();
		if (current == null) {
			current = fetchOrWait(null);
			if (current == null) {
				throw new KeysUnavailableException("The realm's keys could not be fetched from " + this.jwkSetUrl);
			}
		}
		else if (current.olderThan(this.settings.cacheTimeToLive(), now())) {
			refreshInBackground();
		}
		List<JWK> found = selector.select(current.set());
		if (!found.isEmpty()) {
			return found;
		}
		// An unknown kid: a key Keycloak has just added, or a made-up one.
		Keys refreshed = fetchOrWait(current);
		return (refreshed != null && refreshed != current) ? selector.select(refreshed.set()) : found;
	}

	/**
	 * Whether the keys in memory can verify a token with this header now, without a
	 * fetch: they are usable and hold a key the header names. Never blocks.
	 * @param header the token's header
	 * @return whether {@link #get} would answer from memory
	 */
	public boolean hasKeyFor(JWSHeader header) {
		Keys current = usableKeys();
		JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
		return current != null && matcher != null && !new JWKSelector(matcher).select(current.set()).isEmpty();
	}

	/**
	 * Whether a fetch for an unknown key is due: at most once per minimum refetch
	 * interval after a successful fetch, once per retry interval after a failed one.
	 */
	private boolean fetchDue(Keys current, Instant now) {
		return retryDue(now) && (current == null || current.olderThan(this.settings.minRefetchInterval(), now));
	}

	/** Whether the retry interval since the last attempt has passed. */
	private boolean retryDue(Instant now) {
		return !this.lastAttempt.plus(this.settings.retryAfterFailure()).isAfter(now);
	}

	/**
	 * Fetches when due, one fetch at a time; a caller that finds a fetch running waits
	 * for it (bounded by the fetch timeouts) and takes its result.
	 * @param seen the keys the caller already looked in, or {@code null}
	 * @return the keys after the fetch, {@code seen} when none was due, or {@code null}
	 * when there are no usable keys
	 */
	private Keys fetchOrWait(Keys seen) {
		this.fetching.lock();
		try {
			Keys current = usableKeys();
			if (current != seen && current != null) {
				// Another caller fetched while this one waited.
				return current;
			}
			Instant now = now();
			return fetchDue(current, now) ? fetch(now) : current;
		}
		finally {
			this.fetching.unlock();
		}
	}

	private void refreshInBackground() {
		if (!this.refreshing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.refresher.execute(() -> {
				try {
					if (this.fetching.tryLock()) {
						try {
							Instant now = now();
							Keys current = this.keys;
							boolean stale = current == null || current.olderThan(this.settings.cacheTimeToLive(), now);
							if (stale && retryDue(now)) {
								fetch(now);
							}
						}
						finally {
							this.fetching.unlock();
						}
					}
				}
				finally {
					this.refreshing.set(false);
				}
			});
		}
		catch (RuntimeException ex) {
			this.refreshing.set(false);
			logger.warn("Could not schedule a refresh of the realm's keys: {}", ex.toString());
		}
	}

	/**
	 * Called with the lock held. The attempt counts from its end: callers that queued
	 * behind a fetch that timed out get their answer at once instead of one timeout each.
	 */
	private Keys fetch(Instant now) {
		try {
			String body = this.retriever.retrieveResource(this.jwkSetUrl).getContent();
			Keys fetched = new Keys(JWKSet.parse(body), now);
			this.keys = fetched;
			return fetched;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			logger.warn("Fetching the realm's keys from {} failed: {}", this.jwkSetUrl, ex.toString());
			return usableKeys();
		}
		finally {
			this.lastAttempt = now();
		}
	}

	/**
	 * The cached keys, unless there are none or they are older than the outage tolerance.
	 */
	private Keys usableKeys() {
		Keys current = this.keys;
		if (current == null) {
			return null;
		}
		Duration usable = this.settings.cacheTimeToLive().plus(this.settings.outageTolerance());
		return current.olderThan(usable, now()) ? null : current;
	}

	private Instant now() {
		return this.clock.instant();
	}

	private record Keys(JWKSet set, Instant fetchedAt) {

		boolean olderThan(Duration age, Instant now) {
			return !this.fetchedAt.plus(age).isAfter(now);
		}

	}

	/**
	 * No keys to verify with: none could be fetched yet, or the last ones are older than
	 * the outage tolerance. Not the token's fault: callers answer 503, not 401.
	 */
	public static final class KeysUnavailableException extends KeySourceException {

		KeysUnavailableException(String message) {
			super(message);
		}

	}

}
