package com.example.shop.security.mtls;

import java.time.Duration;

import io.micrometer.core.instrument.binder.httpcomponents.hc5.ObservationExecChainHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * An Apache HttpClient 5 for calls to another service of the platform over mutual TLS:
 * the service's own certificate, the platform CA only, TLS 1.3 and 1.2, the server's host
 * name verified, connections pooled and reused, each call observed (a client span whose
 * W3C {@code traceparent} the call carries, so that the callee continues the caller's
 * trace).
 */
public final class PooledMtlsHttpClient {

	/**
	 * Idle connections are closed well before the servers' 30 s keep-alive closes them,
	 * and before a server's drain ({@code shop.server.drain}, 6 s) ends, so none is left
	 * when it stops taking requests on them: the evictor looks every 2 s, so a connection
	 * is idle 4 s at most.
	 */
	static final TimeValue MAX_IDLE = TimeValue.ofSeconds(2);

	/**
	 * Even a busy connection is replaced after this, so that a server's new certificate
	 * is met within minutes.
	 */
	static final TimeValue TIME_TO_LIVE = TimeValue.ofMinutes(5);

	private PooledMtlsHttpClient() {
	}

	/**
	 * Builds the client.
	 * @param tls the service's client TLS, followed across certificate rotations
	 * @param connectTimeout bound on connecting, TLS handshake included
	 * @param maxConnections pool size, per route and in total
	 * @param observations where each call is observed ({@link ObservationRegistry#NOOP}
	 * for none)
	 * @return the client
	 */
	public static CloseableHttpClient create(ClientTls tls, Duration connectTimeout, int maxConnections,
			ObservationRegistry observations) {
		ClientTlsStrategyBuilder tlsStrategy = ClientTlsStrategyBuilder.create()
			.setSslContext(tls.sslContext())
			.setTlsVersions(TLS.V_1_3, TLS.V_1_2);
		tlsStrategy.setHostnameVerificationPolicy(HostnameVerificationPolicy.BOTH);
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(tlsStrategy.buildClassic())
			.setMaxConnTotal(maxConnections)
			.setMaxConnPerRoute(maxConnections)
			// The TLS handshake is bounded too, not only the TCP connect: a peer that
			// accepts and never answers the handshake must not hold a thread forever.
			.setDefaultTlsConfig(
					TlsConfig.custom().setHandshakeTimeout(Timeout.of(connectTimeout.multipliedBy(3))).build())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(connectTimeout))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.setTimeToLive(TIME_TO_LIVE)
				.build())
			.build();
		// New certificate: idle connections carry the old one, so they go; connections in
		// use finish their call and are replaced later.
		tls.onUpdate(() -> connections.closeIdle(TimeValue.ZERO_MILLISECONDS));
		return HttpClients.custom()
			.setConnectionManager(connections)
			// NOTE: by default HttpClient stores the TLS client principal as the
			// connection's state and leases a pooled connection only to a request whose
			// context carries the same state. Feign starts every call with a new context,
			// so no pooled TLS connection would ever match and each call would pay a new
			// handshake. One client serves one service identity, so the state is dropped.
			.disableConnectionState()
			.disableCookieManagement()
			.disableRedirectHandling()
			// A retried POST could be charged twice; callers retry with idempotency keys.
			.disableAutomaticRetries()
			.evictIdleConnections(MAX_IDLE)
			// Last, next to the exchange itself: the request it sees is the one sent.
			.addExecInterceptorLast("observation", new ObservationExecChainHandler(observations))
			.build();
	}

}
