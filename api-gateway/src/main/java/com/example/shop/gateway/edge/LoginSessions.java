package com.example.shop.gateway.edge;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.web.server.ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionOAuth2ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * How long a browser's session lives in Redis. A login in progress (only its
 * authorization request: state, nonce, PKCE verifier) is kept for the short pre-login
 * time; once the login succeeds the session gets the full time (and a new id, which
 * Spring Security's context repository gives it against session fixation). Nothing else
 * makes a session before login: the page a browser asked for is remembered in a cookie,
 * and API calls are stateless.
 */
final class LoginSessions {

	private final Duration preLogin;

	private final Duration loggedIn;

	LoginSessions(Duration preLogin, Duration loggedIn) {
		this.preLogin = preLogin;
		this.loggedIn = loggedIn;
	}

	/**
	 * Where a login in progress is kept: the session, with the pre-login lifetime unless
	 * the session is already a logged-in one.
	 * @return the repository
	 */
	ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequests() {
		WebSessionOAuth2ServerAuthorizationRequestRepository sessions = new WebSessionOAuth2ServerAuthorizationRequestRepository();
		return new ServerAuthorizationRequestRepository<>() {

			@Override
			public Mono<OAuth2AuthorizationRequest> loadAuthorizationRequest(ServerWebExchange exchange) {
				return sessions.loadAuthorizationRequest(exchange);
			}

			@Override
			public Mono<Void> saveAuthorizationRequest(OAuth2AuthorizationRequest request, ServerWebExchange exchange) {
				return sessions.saveAuthorizationRequest(request, exchange)
					.then(exchange.getSession())
					.filter((session) -> !isLoggedIn(session))
					.doOnNext((session) -> session.setMaxIdleTime(LoginSessions.this.preLogin))
					.then();
			}

			@Override
			public Mono<OAuth2AuthorizationRequest> removeAuthorizationRequest(ServerWebExchange exchange) {
				return sessions.removeAuthorizationRequest(exchange);
			}

		};
	}

	/**
	 * Where the logged-in user is kept: the session, which then gets the full lifetime.
	 * @return the repository
	 */
	ServerSecurityContextRepository securityContexts() {
		WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
		return new ServerSecurityContextRepository() {

			@Override
			public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
				Mono<Void> saved = sessions.save(exchange, context);
				if (context == null) {
					return saved;
				}
				return saved.then(exchange.getSession())
					.doOnNext((session) -> session.setMaxIdleTime(LoginSessions.this.loggedIn))
					.then();
			}

			@Override
			public Mono<SecurityContext> load(ServerWebExchange exchange) {
				return sessions.load(exchange);
			}

		};
	}

	private static boolean isLoggedIn(WebSession session) {
		return session
			.getAttribute(WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME) != null;
	}

}
