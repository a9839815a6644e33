package com.example.shop.orderservice.payment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import com.example.shop.security.exchange.ExchangedTokens;
import com.example.shop.security.exchange.TokenExchangeClient;
import com.example.shop.security.exchange.TokenExchangeRequest;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The token order-service sends payment-service for a user: never the token it received
 * (whose {@code aud} names order-service only), but that token exchanged at Keycloak (RFC
 * 8693) by order-service's own client for one whose {@code aud} names only
 * payment-service, with the user's {@code USER} role and no scope of the user's: what the
 * internal payment API needs, and nothing it does not. The exchanged token is kept per
 * received token until 30 seconds before either expires ({@link ExchangedTokens}), so a
 * user's token costs one exchange however many orders it places.
 */
@Component
public class PaymentTokens {

	/** payment-service's client id: the audience asked for. */
	static final String AUDIENCE = "payment-service";

	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	/**
	 * Each exchange on a virtual thread of its own, with the caller's context (its
	 * observation: the exchange is a span of the request's trace, its log lines carry the
	 * request's ids).
	 */
	private static final Executor VIRTUAL_THREADS = (
			task) -> Thread.ofVirtual().name("token-exchange").start(CONTEXT.captureAll().wrap(task));

	private final TokenExchangeClient client;

	private final ExchangedTokens tokens;

	PaymentTokens(ClientRegistrationRepository registrations, ObjectProvider<RestClient.Builder> restClients,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
		ClientRegistration registration = registrations.findByRegistrationId(ServiceToken.REGISTRATION);
		Clock clock = Clock.systemUTC();
		// Observed: each exchange is a client span of the request that needed it.
		RestClient.Builder restClient = restClients.getIfAvailable(RestClient::builder);
		observations.ifAvailable(restClient::observationRegistry);
		this.client = new TokenExchangeClient(restClient, URI.create(registration.getProviderDetails().getTokenUri()),
				registration.getClientId(), registration.getClientSecret(), clock);
		this.tokens = new ExchangedTokens(meters.getIfAvailable(SimpleMeterRegistry::new), clock,
				Duration.ofSeconds(30), 10_000);
	}

	/**
	 * The user's token for payment-service.
	 * @param received the user's token as order-service received it
	 * @return the exchanged token's value
	 * @throws com.example.shop.security.exchange.TokenExchangeException when Keycloak
	 * refuses or does not answer
	 */
	public String forUser(Jwt received) {
		return this.tokens.token(
				new TokenExchangeRequest(received.getTokenValue(), received.getExpiresAt(), AUDIENCE, ""),
				this.client::exchange, VIRTUAL_THREADS);
	}

}
