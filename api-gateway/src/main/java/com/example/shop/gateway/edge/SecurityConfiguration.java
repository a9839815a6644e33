package com.example.shop.gateway.edge;

import java.net.URI;
import java.time.Duration;

import com.example.shop.gateway.config.GatewayProperties;
import com.example.shop.security.ProblemDetailsServerAccessDeniedHandler;
import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.ShopJwtProperties;
import com.example.shop.security.ShopReactiveResourceServer;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * The gateway's Spring Security chain, the edge's step after the canonical path, the body
 * size and the login rate limit. A bearer token is validated fully (the same rules as the
 * services) before anything is routed, so an invalid one never reaches a service; a
 * browser logs in with OIDC (code + PKCE) and is then known by its session. Every refusal
 * of an API request is a problem body: 401 for a token at fault, 503 when the realm's
 * keys cannot be had, never a redirect to a login page.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

	/**
	 * One reading of the Authorization header for authentication, the CSRF exemption and
	 * the CSRF cookie: a request it yields a bearer token for is authenticated by that
	 * token or refused with 401, never by the session cookie.
	 */
	private static final ServerAuthenticationConverter BEARER = new OncePerRequestBearerToken(
			new ServerBearerTokenAuthenticationConverter());

	/**
	 * Spring Security's strict firewall with its own rules, checked faster (see
	 * {@link HeaderCharacters}).
	 */
	@Bean
	ServerWebExchangeFirewall firewall() {
		return HeaderCharacters.firewall();
	}

	@Bean
	SecurityWebFilterChain apiSecurityFilterChain(ServerHttpSecurity http, ShopReactiveResourceServer resourceServer,
			GatewayProperties properties, ReactiveClientRegistrationRepository registrations, ShopJwtProperties tokens,
			Environment environment, BackChannelLogout backChannelLogout,
			ReactiveSessionRepository<?> sessionRepository, AuditEvents audit) {
		// The page asked for before login is remembered in a cookie, not in a session.
		CookieServerRequestCache requestCache = new CookieServerRequestCache();
		if (properties.secureCookies()) {
			requestCache.setCookieCustomizer((cookie) -> cookie.secure(true));
		}
		LoginSessions sessions = new LoginSessions(properties.preLoginSessionTimeout(),
				environment.getProperty("spring.session.timeout", Duration.class, Duration.ofMinutes(30)));
		// @formatter:off
		http
			// CORS is the edge's CrossOriginFilter, before this chain.
			.cors(ServerHttpSecurity.CorsSpec::disable)
			.headers((headers) -> headers
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(tokens))))
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.GET, "/api/public/**").permitAll()
				.anyExchange().authenticated())
			// API clients: a bearer token, validated before anything is routed.
			.oauth2ResourceServer(resourceServer.bearerTokens(BEARER))
			// Browsers: OIDC authorization code with PKCE; tokens stay in the session.
			// Each login, done or refused, is an audit event; the answers stay Spring's.
			.oauth2Login((login) -> login
				.authorizationRequestResolver(pkce(registrations))
				.authorizationRequestRepository(sessions.authorizationRequests())
				.authenticationSuccessHandler(LoginEvents.success(audit, requestCache))
				.authenticationFailureHandler(LoginEvents.failure(audit)))
			.securityContextRepository(sessions.securityContexts())
			.requestCache((cache) -> cache.requestCache(requestCache))
			// Logout ends the gateway session (the user's tokens leave Redis with it)
			// and Keycloak's.
			.logout((logout) -> logout
				.logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
						new WebSessionServerLogoutHandler()))
				.logoutSuccessHandler(endKeycloakSession(registrations, properties)))
			// A session ended at Keycloak ends its gateway sessions (back-channel).
			.oidcLogout((oidc) -> oidc
				.oidcSessionRegistry(backChannelLogout)
				.backChannel((channel) -> channel.logoutHandler(backChannelLogout.endSessions(sessionRepository))))
			// Pages are sent to the login; API calls get 401 with a problem body.
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(pagesToLogin(resourceServer.entryPoint(), requestCache))
				.accessDeniedHandler(new ProblemDetailsServerAccessDeniedHandler("The request is not allowed.", audit,
						"not-granted")))
			// A session cookie authenticates browsers, so their state-changing requests
			// need the CSRF token (double submit: the XSRF-TOKEN cookie sent back in the
			// X-XSRF-TOKEN header).
			.csrf((csrf) -> csrf
				.csrfTokenRepository(csrfCookies(properties))
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
				.requireCsrfProtectionMatcher(SESSION_UNSAFE_REQUESTS)
				.accessDeniedHandler(new ProblemDetailsServerAccessDeniedHandler(
						"A browser session's state-changing request needs the CSRF token.", audit, "csrf")))
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		// @formatter:on
		return http.build();
	}

	/**
	 * Makes the CSRF token (and its cookie) exist on every response, so a browser script
	 * can send it back; Spring creates it lazily otherwise. Bearer requests need no CSRF
	 * token, so none is made for them.
	 */
	@Bean
	WebFilter csrfCookieFilter() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			if (token == null) {
				return chain.filter(exchange);
			}
			return hasBearerToken(exchange).flatMap(
					(bearerRequest) -> bearerRequest ? chain.filter(exchange) : token.then(chain.filter(exchange)));
		};
	}

	/**
	 * Nothing but the gateway's own scripts, styles and calls; no inline script or style,
	 * no framing. The logout form is redirected to Keycloak's end-session endpoint, which
	 * browsers check against {@code form-action}. NOTE: two allowances for Swagger UI on
	 * the API page, neither of which can run anything: images may be {@code data:} URLs
	 * (its style sheet's icons), and one inline style element is allowed by its hash, the
	 * fixed text that colours its logo ({@link #SWAGGER_UI_LOGO_STYLE}); any other inline
	 * style is still refused.
	 */
	static String contentSecurityPolicy(ShopJwtProperties jwt) {
		URI issuer = jwt.issuerUri();
		String keycloak = issuer.getScheme() + "://" + issuer.getRawAuthority();
		return "default-src 'none'; script-src 'self'; style-src 'self' '" + SWAGGER_UI_LOGO_STYLE + "'; "
				+ "connect-src 'self'; img-src 'self' data:; form-action 'self' " + keycloak
				+ "; base-uri 'none'; frame-ancestors 'none'";
	}

	/**
	 * The SHA-256 of Swagger UI's (5.34) logo style,
	 * {@code .logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}}; a
	 * Swagger UI that styles anything else inline shows up as a policy violation in the
	 * browser system test.
	 */
	static final String SWAGGER_UI_LOGO_STYLE = "sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=";

	/**
	 * A browser navigating to a page without a session is sent to the login; everything
	 * else, and anything under {@code /api/} whatever it accepts, gets 401.
	 */
	private static ServerAuthenticationEntryPoint pagesToLogin(ServerAuthenticationEntryPoint problem,
			ServerRequestCache requestCache) {
		RedirectServerAuthenticationEntryPoint toLogin = new RedirectServerAuthenticationEntryPoint(
				"/oauth2/authorization/keycloak");
		// Its own cache is the session's by default.
		toLogin.setRequestCache(requestCache);
		ServerWebExchangeMatcher pages = new AndServerWebExchangeMatcher(BROWSER_NAVIGATION,
				new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**")));
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(pages, toLogin));
		entryPoint.setDefaultEntryPoint(problem);
		return entryPoint;
	}

	private static final ServerWebExchangeMatcher BROWSER_NAVIGATION = (exchange) -> {
		boolean html = exchange.getRequest()
			.getHeaders()
			.getAccept()
			.stream()
			.anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
		return html ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
	};

	/**
	 * State-changing requests that the session cookie would authenticate: every unsafe
	 * method, unless the request carries a bearer token (which then authenticates it, or
	 * it is refused). Another Authorization scheme ({@code Basic}) exempts nothing.
	 */
	private static final ServerWebExchangeMatcher SESSION_UNSAFE_REQUESTS = (exchange) -> {
		HttpMethod method = exchange.getRequest().getMethod();
		boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
				|| method == HttpMethod.TRACE;
		if (safe) {
			return ServerWebExchangeMatcher.MatchResult.notMatch();
		}
		return hasBearerToken(exchange).flatMap((bearerRequest) -> bearerRequest
				? ServerWebExchangeMatcher.MatchResult.notMatch() : ServerWebExchangeMatcher.MatchResult.match());
	};

	/**
	 * Whether the resource server will authenticate the request by a bearer token: it
	 * yields one, or refuses a malformed one (401 follows).
	 */
	private static Mono<Boolean> hasBearerToken(ServerWebExchange exchange) {
		return BEARER.convert(exchange).hasElement().onErrorReturn(OAuth2AuthenticationException.class, true);
	}

	/**
	 * PKCE (S256) for the confidential gateway client too: Keycloak requires it, and it
	 * binds the code to this login attempt.
	 */
	private static ServerOAuth2AuthorizationRequestResolver pkce(ReactiveClientRegistrationRepository registrations) {
		DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(
				registrations);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		return resolver;
	}

	/**
	 * The CSRF token's cookie, readable by the page's script; Secure like the session
	 * cookie.
	 */
	private static CookieServerCsrfTokenRepository csrfCookies(GatewayProperties properties) {
		CookieServerCsrfTokenRepository repository = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
		if (properties.secureCookies()) {
			repository.setCookieCustomizer((cookie) -> cookie.secure(true));
		}
		return repository;
	}

	/**
	 * Logout ends the Keycloak session too (RP-initiated logout), then comes back to the
	 * gateway.
	 */
	private static ServerLogoutSuccessHandler endKeycloakSession(ReactiveClientRegistrationRepository registrations,
			GatewayProperties properties) {
		OidcClientInitiatedServerLogoutSuccessHandler handler = new OidcClientInitiatedServerLogoutSuccessHandler(
				registrations);
		handler.setPostLogoutRedirectUri(properties.baseUrl() + "/");
		return handler;
	}

	/**
	 * Links from Keycloak sessions to gateway sessions, kept as long as a Keycloak
	 * session can live (the realm's {@code ssoSessionMaxLifespan}, 10 hours).
	 */
	@Bean
	BackChannelLogout backChannelLogout(ReactiveRedisConnectionFactory connections) {
		return new BackChannelLogout(connections, Duration.ofHours(10));
	}

	@Bean
	ClientAddressFilter clientAddressFilter(GatewayProperties properties) {
		return new ClientAddressFilter(properties.trustedProxies());
	}

	@Bean
	RateLimitKeyResolver rateLimitKeyResolver() {
		return new RateLimitKeyResolver();
	}

}
