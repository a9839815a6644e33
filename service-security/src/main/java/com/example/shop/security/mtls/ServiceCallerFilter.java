package com.example.shop.security.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;
import com.example.shop.security.problem.ServletProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the calling service before anything else of the request is looked at: the client
 * certificate (already verified against the platform CA by the TLS handshake) is mapped
 * to a service identity, which must be on the allow-list of the path. A refused caller
 * gets 403 and its bearer token is never parsed. An allowed one is named in every log
 * line the request writes ({@link ServiceCaller#LOG_FIELD}).
 */
final class ServiceCallerFilter extends OncePerRequestFilter {

	static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private final List<ServiceCallers.Rule> rules;

	private final SubjectAltNameExtractor identities;

	private final InboundConnections connections;

	private final AuditEvents audit;

	ServiceCallerFilter(List<ServiceCallers.Rule> rules, SubjectAltNameExtractor identities,
			InboundConnections connections, AuditEvents audit) {
		this.rules = rules;
		this.identities = identities;
		this.connections = connections;
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String caller = caller(request);
		this.connections.record(request, caller);
		if (caller == null || !allowed(request, caller)) {
			// The path, never the query: a query may carry data that does not belong
			// in logs.
			Map<String, Object> fields = AuditEvents.request(request.getMethod(), request.getRequestURI(), null);
			fields.put(ServiceCaller.LOG_FIELD, caller);
			this.audit.record(Action.ACCESS_CHECK, Outcome.FAILURE, "caller-not-allowed", fields,
					"Refused caller " + ((caller != null) ? caller : "(no service identity)") + " on "
							+ request.getMethod() + " " + request.getRequestURI());
			ServletProblemResponses.write(response, HttpStatus.FORBIDDEN,
					"The calling service may not call this path.");
			return;
		}
		request.setAttribute(ServiceCaller.ATTRIBUTE, caller);
		try (MDC.MDCCloseable origin = MDC.putCloseable(ServiceCaller.LOG_FIELD, caller)) {
			chain.doFilter(request, response);
		}
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
