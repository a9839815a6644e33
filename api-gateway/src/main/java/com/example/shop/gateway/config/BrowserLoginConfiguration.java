package com.example.shop.gateway.config;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.AbstractWebClientReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Where the browser login keeps its state: the user's tokens in the web session, the
 * session in Redis (Spring Session), so that every gateway replica serves every browser;
 * and how it calls Keycloak's token and user-info endpoints: through a WebClient whose
 * calls are observed, so that each is a client span in the trace of the request that
 * needed it (the login's callback, a refresh) and a timer ({@code http.client.requests}).
 */
@Configuration(proxyBeanMethods = false)
class BrowserLoginConfiguration {

	/**
	 * Tokens in the session, not in the JVM: Boot's default keeps them in memory, which a
	 * second gateway replica could not see.
	 */
	@Bean
	ServerOAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new WebSessionServerOAuth2AuthorizedClientRepository();
	}

	/**
	 * What the routes' TokenExchange uses for a browser: the session's access token,
	 * refreshed with the refresh token once it expires.
	 */
	@Bean
	ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokens) {
		DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
			.authorizationCode()
			.refreshToken((refresh) -> refresh.accessTokenResponseClient(refreshTokens))
			.build());
		return manager;
	}

	/** The login's code redemption (Spring Security's login takes this bean). */
	@Bean
	ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokens(
			ObjectProvider<ObservationRegistry> observations) {
		return observed(new WebClientReactiveAuthorizationCodeTokenResponseClient(), observations);
	}

	@Bean
	ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokens(
			ObjectProvider<ObservationRegistry> observations) {
		return observed(new WebClientReactiveRefreshTokenTokenResponseClient(), observations);
	}

	/** The login's user-info call (Spring Security's login takes this bean). */
	@Bean
	ReactiveOAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(
			ObjectProvider<ObservationRegistry> observations) {
		DefaultReactiveOAuth2UserService userInfo = new DefaultReactiveOAuth2UserService();
		userInfo.setWebClient(keycloak(observations));
		OidcReactiveOAuth2UserService users = new OidcReactiveOAuth2UserService();
		users.setOauth2UserService(userInfo);
		return users;
	}

	private static <T extends AbstractWebClientReactiveOAuth2AccessTokenResponseClient<?>> T observed(T client,
			ObjectProvider<ObservationRegistry> observations) {
		client.setWebClient(keycloak(observations));
		return client;
	}

	private static WebClient keycloak(ObjectProvider<ObservationRegistry> observations) {
		return WebClient.builder()
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.build();
	}

	/**
	 * The session cookie: HttpOnly and SameSite=Lax; Secure whenever the request came
	 * over TLS (Spring's rule), and always when the public URL is https, since behind an
	 * ingress that ends TLS no request does.
	 */
	@Bean
	WebSessionIdResolver webSessionIdResolver(GatewayProperties properties) {
		CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
		resolver.setCookieName("SESSION");
		resolver.addCookieInitializer(
				(ResponseCookie.ResponseCookieBuilder cookie) -> cookie.httpOnly(true).sameSite("Lax").path("/"));
		if (properties.secureCookies()) {
			resolver.addCookieInitializer((ResponseCookie.ResponseCookieBuilder cookie) -> cookie.secure(true));
		}
		return resolver;
	}

}
