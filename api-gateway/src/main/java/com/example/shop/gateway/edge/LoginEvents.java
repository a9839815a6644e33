package com.example.shop.gateway.edge;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;

/**
 * The browser logins' audit events ({@code login}): a success names the user, a failure
 * the OAuth 2.0 error that ended it; both the client's address. Each then answers as
 * Spring Security would have without it: back to the page asked for before the login, or
 * to {@code /login?error}.
 */
final class LoginEvents {

	/**
	 * The error codes a failed login is counted by. Keycloak's answer to the callback
	 * carries its error code in the query, which anyone can write; any other code is
	 * {@code other}, so that a client cannot make up metric labels.
	 */
	private static final Set<String> REASONS = Set.of("access_denied", "authorization_request_not_found",
			"invalid_state_parameter", "invalid_id_token", "invalid_nonce", "invalid_grant", "invalid_token_response",
			"invalid_user_info_response", "login_required", "server_error", "temporarily_unavailable");

	private LoginEvents() {
	}

	/**
	 * A success: the event, then the redirect to the page the browser asked for.
	 * @param audit where the event goes
	 * @param requestCache where that page was remembered
	 * @return the handler
	 */
	static ServerAuthenticationSuccessHandler success(AuditEvents audit, ServerRequestCache requestCache) {
		RedirectServerAuthenticationSuccessHandler redirect = new RedirectServerAuthenticationSuccessHandler();
		redirect.setRequestCache(requestCache);
		return (exchange, authentication) -> Mono.defer(() -> {
			Map<String, Object> fields = fields(exchange);
			fields.put("user.id", authentication.getName());
			audit.record(Action.LOGIN, Outcome.SUCCESS, null, fields, "Login of " + authentication.getName());
			return redirect.onAuthenticationSuccess(exchange, authentication);
		});
	}

	/**
	 * A failure: the event, then the redirect to {@code /login?error}.
	 * @param audit where the event goes
	 * @return the handler
	 */
	static ServerAuthenticationFailureHandler failure(AuditEvents audit) {
		ServerAuthenticationFailureHandler redirect = new RedirectServerAuthenticationFailureHandler("/login?error");
		return (exchange, exception) -> Mono.defer(() -> {
			String reason = reason(exception);
			audit.record(Action.LOGIN, Outcome.FAILURE, reason, fields(exchange), "Login refused (" + reason + ")");
			return redirect.onAuthenticationFailure(exchange, exception);
		});
	}

	/**
	 * The reason of a refused login: the OAuth 2.0 error code, in the form of the
	 * platform's other reasons, if it is a known one.
	 * @param exception what the login failed with
	 * @return the reason
	 */
	static String reason(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth && oauth.getError() != null
				&& REASONS.contains(oauth.getError().getErrorCode())) {
			return oauth.getError().getErrorCode().replace('_', '-').toLowerCase(Locale.ROOT);
		}
		return "other";
	}

	/**
	 * The request's place: method, path (the callback's query holds the code), client.
	 */
	private static Map<String, Object> fields(WebFilterExchange exchange) {
		ServerHttpRequest request = exchange.getExchange().getRequest();
		return AuditEvents.request(request.getMethod().name(), request.getPath().value(), request.getRemoteAddress());
	}

}
