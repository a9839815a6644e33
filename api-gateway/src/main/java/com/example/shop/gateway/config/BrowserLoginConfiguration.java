package com.example.shop.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Where the browser login keeps its state: the user's tokens in the web session, the
 * session in Redis (Spring Session), so that every gateway replica serves every browser.
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
	 * What TokenRelay uses: the session's access token, refreshed with the refresh token
	 * once it expires.
	 */
	@Bean
	ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients) {
		DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(
				ReactiveOAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
		return manager;
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
