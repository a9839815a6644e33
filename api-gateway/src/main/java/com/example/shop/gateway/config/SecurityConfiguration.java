package com.example.shop.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.example.shop.gateway.ratelimit.ClientKeyResolver;
import com.example.shop.security.KeycloakJwtAuthenticationConverter;
import com.example.shop.security.ShopJwtProperties;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway's security: every request but the public catalogue carries a bearer token
 * that is validated fully (the same rules as the services) before anything is routed, so
 * an invalid token never reaches a service. The token then travels downstream unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurityFilterChain(ServerHttpSecurity http,
			KeycloakJwtAuthenticationConverter authorities, GatewayProperties properties,
			ReactiveClientRegistrationRepository registrations, ShopJwtProperties tokens) {
		ServerAuthenticationEntryPoint problem = problemDetailsEntryPoint();
		http.cors((cors) -> cors.configurationSource(corsConfiguration(properties)))
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(tokens))))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/api/public/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			// API clients: a bearer token, validated before anything is routed.
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(
					(jwt) -> jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(authorities)))
				.authenticationEntryPoint(problem))
			// Browsers: OIDC authorization code with PKCE; tokens stay in the session.
			.oauth2Login((login) -> login.authorizationRequestResolver(pkce(registrations)))
			.logout((logout) -> logout.logoutSuccessHandler(endKeycloakSession(registrations, properties)))
			// Pages are sent to the login; API calls get 401 with a problem body.
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(pagesToLogin(problem)))
			// A session cookie authenticates browsers, so their state-changing requests
			// need
			// the CSRF token (double submit: XSRF-TOKEN cookie, X-XSRF-TOKEN header); a
			// bearer
			// request carries no ambient credential and needs none.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfCookies(properties))
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
				.requireCsrfProtectionMatcher(SESSION_UNSAFE_REQUESTS))
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		return http.build();
	}

	/**
	 * Makes the CSRF token (and its cookie) exist on every response, so a browser script
	 * can send it back; Spring creates it lazily otherwise.
	 */
	@Bean
	WebFilter csrfCookieFilter() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			// Bearer requests need no CSRF token, so none is made for them.
			boolean bearer = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
			return (token != null && !bearer) ? token.then(chain.filter(exchange)) : chain.filter(exchange);
		};
	}

	/**
	 * Nothing but the front door's own script, style and calls; no inline script, no
	 * framing. The logout form is redirected to Keycloak's end-session endpoint, which
	 * browsers check against {@code form-action}.
	 */
	static String contentSecurityPolicy(ShopJwtProperties jwt) {
		URI issuer = jwt.issuerUri();
		String keycloak = issuer.getScheme() + "://" + issuer.getRawAuthority();
		return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
				+ "form-action 'self' " + keycloak + "; base-uri 'none'; frame-ancestors 'none'";
	}

	private static ServerAuthenticationEntryPoint pagesToLogin(ServerAuthenticationEntryPoint problem) {
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(BROWSER_NAVIGATION,
						new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/keycloak")));
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

	private static final ServerWebExchangeMatcher SESSION_UNSAFE_REQUESTS = (exchange) -> {
		HttpMethod method = exchange.getRequest().getMethod();
		boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
				|| method == HttpMethod.TRACE;
		boolean bearer = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		return (safe || bearer) ? ServerWebExchangeMatcher.MatchResult.notMatch()
				: ServerWebExchangeMatcher.MatchResult.match();
	};

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

	@Bean
	ClientKeyResolver clientKeyResolver(GatewayProperties properties) {
		return new ClientKeyResolver(properties.trustedProxies());
	}

	/**
	 * The management port: health, info and prometheus for probes and scrapers, nothing
	 * else. NOTE: that port is never published; in Kubernetes a NetworkPolicy admits only
	 * the kubelet and Prometheus.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementSecurityFilterChain(ServerHttpSecurity http, Environment environment) {
		ManagementPort managementPort = new ManagementPort(environment);
		ServerWebExchangeMatcher onManagementPort = (exchange) -> managementPort.isManagementRequest(exchange)
				? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		http.securityMatcher(onManagementPort)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				.anyExchange()
				.denyAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		return http.build();
	}

	/**
	 * Cross-origin calls only from the configured origins, exactly; a request from any
	 * other origin gets no {@code Access-Control-Allow-Origin}.
	 */
	private static CorsConfigurationSource corsConfiguration(GatewayProperties properties) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(properties.allowedOrigins());
		configuration.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
		configuration.setMaxAge(Duration.ofMinutes(10));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", configuration);
		return source;
	}

	/**
	 * 401 with {@code WWW-Authenticate: Bearer} ({@code error="invalid_token"} for a
	 * refused token) and a problem-details body.
	 */
	private static ServerAuthenticationEntryPoint problemDetailsEntryPoint() {
		return (exchange, exception) -> Mono.defer(() -> {
			String challenge = "Bearer";
			if (exception instanceof OAuth2AuthenticationException oauth
					&& oauth.getError() instanceof BearerTokenError error) {
				// The error code only: its description could tell an attacker which check
				// failed.
				challenge = "Bearer error=\"" + error.getErrorCode() + "\"";
			}
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
			return ProblemDetails.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
					"A valid bearer access token is required.");
		});
	}

}
