package com.example.shop.gateway.edge;

import java.time.Duration;
import java.util.Collection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.session.ReactiveSessionRepository;

/**
 * OIDC back-channel logout: when a Keycloak session ends (the user logs out at Keycloak,
 * an admin ends it), Keycloak posts a signed logout token to
 * {@code /logout/connect/back-channel/keycloak}; Spring Security checks it, and the
 * gateway sessions of that Keycloak session ({@code sid}; all of the user's when only
 * {@code sub} is named) are deleted from Redis, with the user's tokens in them. Which
 * gateway sessions belong to which Keycloak session is kept in Redis too, so that
 * whichever replica Keycloak reaches finds every session of every replica.
 */
final class BackChannelLogout implements ReactiveOidcSessionRegistry {

	private static final String PREFIX = "shop:oidc-sessions:";

	private final ReactiveRedisTemplate<String, Object> redis;

	private final Duration lifetime;

	/**
	 * @param connections Redis
	 * @param lifetime how long a link is kept: the longest a Keycloak session lives
	 */
	BackChannelLogout(ReactiveRedisConnectionFactory connections, Duration lifetime) {
		// JDK serialization, as Spring Session stores the same user.
		this.redis = new ReactiveRedisTemplate<>(connections,
				RedisSerializationContext.<String, Object>newSerializationContext(RedisSerializer.java())
					.key(RedisSerializer.string())
					.hashKey(RedisSerializer.string())
					.build());
		this.lifetime = lifetime;
	}

	/**
	 * What a valid logout token does: every gateway session it names is deleted.
	 * @param sessions Spring Session's repository
	 * @return the handler
	 */
	ServerLogoutHandler endSessions(ReactiveSessionRepository<?> sessions) {
		return (exchange, authentication) -> (authentication.getCredentials() instanceof OidcLogoutToken token)
				? removeSessionInformation(token).concatMap((info) -> sessions.deleteById(info.getSessionId())).then()
				: Mono.empty();
	}

	@Override
	public Mono<Void> saveSessionInformation(OidcSessionInformation info) {
		OidcIdToken idToken = info.getPrincipal().getIdToken();
		Mono<Void> bySubject = index("sub", idToken.getIssuer() + " " + idToken.getSubject(), info.getSessionId());
		Mono<Void> bySession = (idToken.getClaimAsString("sid") != null)
				? index("sid", idToken.getIssuer() + " " + idToken.getClaimAsString("sid"), info.getSessionId())
				: Mono.empty();
		return this.redis.opsForValue()
			.set(PREFIX + "session:" + info.getSessionId(), info, this.lifetime)
			.then(bySubject)
			.then(bySession);
	}

	@Override
	public Mono<OidcSessionInformation> removeSessionInformation(String clientSessionId) {
		return this.redis.opsForValue()
			.getAndDelete(PREFIX + "session:" + clientSessionId)
			.ofType(OidcSessionInformation.class);
	}

	@Override
	public Flux<OidcSessionInformation> removeSessionInformation(OidcLogoutToken token) {
		String key = (token.getSessionId() != null) ? "sid:" + token.getIssuer() + " " + token.getSessionId()
				: "sub:" + token.getIssuer() + " " + token.getSubject();
		return this.redis.opsForSet()
			.members(PREFIX + key)
			.ofType(String.class)
			.concatMap((sessionId) -> this.redis.opsForValue()
				.get(PREFIX + "session:" + sessionId)
				.ofType(OidcSessionInformation.class))
			// Only this client's sessions: the token names the client in aud.
			.filter((info) -> sharesAudience(info.getPrincipal().getIdToken().getAudience(), token.getAudience()))
			.concatMap((info) -> removeSessionInformation(info.getSessionId()))
			.concatWith(this.redis.delete(PREFIX + key).then(Mono.empty()));
	}

	private Mono<Void> index(String kind, String value, String sessionId) {
		String key = PREFIX + kind + ":" + value;
		return this.redis.opsForSet().add(key, sessionId).then(this.redis.expire(key, this.lifetime)).then();
	}

	private static boolean sharesAudience(Collection<String> session, Collection<String> token) {
		return session != null && token != null && session.stream().anyMatch(token::contains);
	}

}
