package com.example.shop.gateway.edge;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.example.shop.security.exchange.ExchangedTokens;
import com.example.shop.security.exchange.ReactiveTokenExchangeClient;
import com.example.shop.security.exchange.TokenExchangeException;
import com.example.shop.security.exchange.TokenExchangeRequest;
import com.example.shop.security.problem.ReactiveProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code TokenExchange}: the route filter that gives the service behind a route a token
 * meant for it alone. The user's token (the bearer token the gateway validated, or the
 * browser session's access token, refreshed when expired) is exchanged at Keycloak (RFC
 * 8693, standard token exchange, as the {@code gateway} client) for one whose {@code aud}
 * is the route's {@code audience} only, with the route's {@code scopes} that the user's
 * token has (never more than the user was given), and relayed in its place. The user's
 * own token never leaves the gateway.
 * <p>
 * Exchanged tokens are kept per user token and route until 30 seconds before either
 * expires ({@link ExchangedTokens}, counted in {@code shop_token_exchange_total}): one
 * call to Keycloak per user token and service. When Keycloak does not answer, a request
 * with a kept token is relayed as usual and any other gets 503 with {@code Retry-After};
 * when Keycloak refuses (the user's session has ended), 401. A request without a user
 * goes on without an {@code Authorization} header. List it after the rate limit, so a
 * flood is cut before it reaches Keycloak, and before the circuit breaker, whose fallback
 * is for the service.
 */
@Component
public class TokenExchangeGatewayFilterFactory
		extends AbstractGatewayFilterFactory<TokenExchangeGatewayFilterFactory.Config> {

	private static final Logger logger = LoggerFactory.getLogger(TokenExchangeGatewayFilterFactory.class);

	/** The browser login's client registration, whose client exchanges. */
	static final String REGISTRATION = "keycloak";

	private static final String RETRY_AFTER_SECONDS = "5";

	private final ReactiveTokenExchangeClient client;

	private final ExchangedTokens tokens;

	private final ReactiveOAuth2AuthorizedClientManager sessions;

	public TokenExchangeGatewayFilterFactory(ReactiveClientRegistrationRepository registrations,
			ReactiveOAuth2AuthorizedClientManager sessions, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<MeterRegistry> meters) {
		super(Config.class);
		ClientRegistration registration = registrations.findByRegistrationId(REGISTRATION)
			.blockOptional(Duration.ofSeconds(5))
			.orElseThrow(() -> new IllegalStateException("No client registration " + REGISTRATION));
		Clock clock = Clock.systemUTC();
		this.client = new ReactiveTokenExchangeClient(
				WebClient.builder().observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)),
				URI.create(registration.getProviderDetails().getTokenUri()), registration.getClientId(),
				registration.getClientSecret(), clock);
		this.tokens = new ExchangedTokens(meters.getIfAvailable(SimpleMeterRegistry::new), clock,
				Duration.ofSeconds(30), 10_000);
		this.sessions = sessions;
	}

	@Override
	public GatewayFilter apply(Config config) {
		return (exchange, chain) -> userToken(exchange).flatMap((user) -> exchanged(user, config))
			.defaultIfEmpty(Relay.NONE)
			.flatMap((relay) -> {
				if (relay.failure() != null) {
					return refuse(exchange, relay.failure(), config);
				}
				return chain.filter(exchange.mutate().request((request) -> request.headers((headers) -> {
					headers.remove(HttpHeaders.AUTHORIZATION);
					if (relay.token() != null) {
						headers.setBearerAuth(relay.token());
					}
				})).build());
			});
	}

	private Mono<Relay> exchanged(UserToken user, Config config) {
		TokenExchangeRequest request = new TokenExchangeRequest(user.value(), user.expiresAt(), config.getAudience(),
				scope(config, user.scopes()));
		// The request's context goes with the call (its observation: the exchange is a
		// span
		// of the request's trace), also when the call runs from the cache's future.
		return Mono
			.deferContextual((context) -> Mono.fromFuture(
					() -> this.tokens.token(request, (r) -> this.client.exchange(r).contextWrite(context).toFuture())))
			.map((token) -> new Relay(token, null))
			.onErrorResume((ex) -> Mono.just(new Relay(null, ExchangedTokens.unwrap(ex))));
	}

	/**
	 * What the gateway asks for: the scope that names the audience, and the route's
	 * scopes that the user's token has.
	 */
	static String scope(Config config, Set<String> userScopes) {
		List<String> scope = new ArrayList<>();
		scope.add("audience:" + config.getAudience());
		config.getScopes().stream().filter(userScopes::contains).forEach(scope::add);
		return String.join(" ", scope);
	}

	private Mono<UserToken> userToken(ServerWebExchange exchange) {
		return exchange.getPrincipal().flatMap((principal) -> {
			if (principal instanceof JwtAuthenticationToken bearer) {
				var jwt = bearer.getToken();
				String scope = jwt.getClaimAsString("scope");
				return Mono.just(new UserToken(jwt.getTokenValue(), jwt.getExpiresAt(),
						(scope != null) ? Set.of(scope.split(" ")) : Set.of()));
			}
			if (principal instanceof OAuth2AuthenticationToken session) {
				OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest
					.withClientRegistrationId(session.getAuthorizedClientRegistrationId())
					.principal(session)
					.attribute(ServerWebExchange.class.getName(), exchange)
					.build();
				return this.sessions.authorize(authorize).map((authorized) -> {
					OAuth2AccessToken token = authorized.getAccessToken();
					// Keycloak always says when; without it the token is not kept.
					Instant expiresAt = (token.getExpiresAt() != null) ? token.getExpiresAt() : Instant.now();
					return new UserToken(token.getTokenValue(), expiresAt, token.getScopes());
				});
			}
			return Mono.empty();
		});
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, TokenExchangeException failure, Config config) {
		logger.warn("Token exchange for {} failed: {} {}", config.getAudience(), failure.kind(),
				(failure.error() != null) ? failure.error() : "");
		if (failure.kind() == TokenExchangeException.Kind.REFUSED) {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"invalid_token\", error_description=\"The sign-in is no longer valid\"");
			return ReactiveProblemResponses.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
					"The sign-in is no longer valid; sign in again.");
		}
		return ReactiveProblemResponses.retryLater(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE,
				RETRY_AFTER_SECONDS, "The sign-in service is unavailable; retry later.");
	}

	/**
	 * A route's exchange.
	 */
	public static class Config {

		private String audience;

		private List<String> scopes = List.of();

		public String getAudience() {
			return this.audience;
		}

		public void setAudience(String audience) {
			this.audience = audience;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

	}

	private record UserToken(String value, Instant expiresAt, Set<String> scopes) {

	}

	private record Relay(String token, TokenExchangeException failure) {

		static final Relay NONE = new Relay(null, null);

	}

}
