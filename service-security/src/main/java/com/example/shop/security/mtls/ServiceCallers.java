package com.example.shop.security.mtls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.example.shop.security.audit.AuditEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which services may call which paths of a server, by the identity in their client
 * certificate. A path no rule lists is refused to every caller.
 */
public final class ServiceCallers {

	private final List<Rule> rules = new ArrayList<>();

	private ServiceCallers() {
	}

	/**
	 * Starts the allow-list with its first rule.
	 * @param pathPattern e.g. {@code /internal/**}
	 * @param services the services that may call it
	 * @return the allow-list
	 */
	public static ServiceCallers allow(String pathPattern, String... services) {
		return new ServiceCallers().and(pathPattern, services);
	}

	/**
	 * Adds a rule; the first rule whose pattern matches decides.
	 * @param pathPattern e.g. {@code /api/**}
	 * @param services the services that may call it
	 * @return the allow-list
	 */
	public ServiceCallers and(String pathPattern, String... services) {
		this.rules.add(new Rule(PathPatternRequestMatcher.withDefaults().matcher(pathPattern), Set.of(services)));
		return this;
	}

	/**
	 * The filter that enforces the allow-list; it goes before the bearer-token filter.
	 * @param meters where new inbound connections are counted, or {@code null}
	 * @param audit where refused callers are recorded
	 * @return the filter
	 */
	public Filter filter(MeterRegistry meters, AuditEvents audit) {
		return new ServiceCallerFilter(List.copyOf(this.rules), new SubjectAltNameExtractor(),
				new InboundConnections(meters), audit);
	}

	record Rule(RequestMatcher paths, Set<String> services) {

	}

}
