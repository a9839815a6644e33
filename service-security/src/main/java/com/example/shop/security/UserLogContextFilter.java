package com.example.shop.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the user of an authenticated request in every log line written while it is
 * served: the token's subject, as the structured field {@value #USER_ID} (Elastic Common
 * Schema's {@code user.id}). The subject only, never the token. Removed when the request
 * ends, so a thread that serves the next request does not carry it over.
 */
final class UserLogContextFilter extends OncePerRequestFilter {

	/** The log field of the user's subject. */
	static final String USER_ID = "user.id";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String subject = subject(SecurityContextHolder.getContext().getAuthentication());
		if (subject == null) {
			chain.doFilter(request, response);
			return;
		}
		try (MDC.MDCCloseable user = MDC.putCloseable(USER_ID, subject)) {
			chain.doFilter(request, response);
		}
	}

	private static String subject(Authentication authentication) {
		return (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) ? jwt.getSubject() : null;
	}

}
