package com.example.shop.security.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.shop.security.problem.ServletProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the calling service before anything else of the request is looked at: the client
 * certificate (already verified against the platform CA by the TLS handshake) is mapped
 * to a service identity, which must be on the allow-list of the path. A refused caller
 * gets 403 and its bearer token is never parsed.
 */
final class ServiceCallerFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ServiceCallerFilter.class);

	static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private final List<ServiceCallers.Rule> rules;

	private final SubjectAltNameExtractor identities;

	private final InboundConnections connections;

	ServiceCallerFilter(List<ServiceCallers.Rule> rules, SubjectAltNameExtractor identities,
			InboundConnections connections) {
		this.rules = rules;
		this.identities = identities;
		this.connections = connections;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String caller = caller(request);
		this.connections.record(request, caller);
		if (caller == null || !allowed(request, caller)) {
			// The path, never the query: a query may carry data that does not belong
			// in logs.
			logger.warn("Refused caller {} on {} {}", (caller != null) ? caller : "(no service identity)",
					request.getMethod(), request.getRequestURI());
			ServletProblemResponses.write(response, HttpStatus.FORBIDDEN,
					"The calling service may not call this path.");
			return;
		}
		request.setAttribute(ServiceCaller.ATTRIBUTE, caller);
		chain.doFilter(request, response);
	}

	private String caller(HttpServletRequest request) {
		if (!(request.getAttribute(CERTIFICATES) instanceof X509Certificate[] certificates)
				|| certificates.length == 0) {
			return null;
		}
		try {
			return this.identities.extractPrincipal(certificates[0]);
		}
		catch (AuthenticationException ex) {
			return null;
		}
	}

	private boolean allowed(HttpServletRequest request, String caller) {
		return this.rules.stream()
			.filter((rule) -> rule.paths().matches(request))
			.findFirst()
			.map((rule) -> rule.services().contains(caller))
			.orElse(false);
	}

}
