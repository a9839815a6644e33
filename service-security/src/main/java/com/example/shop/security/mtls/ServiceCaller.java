package com.example.shop.security.mtls;

import java.util.Optional;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The service that made the current request, as its client certificate names it, for
 * audit logs and records next to the user the token names.
 */
public final class ServiceCaller {

	static final String ATTRIBUTE = ServiceCaller.class.getName();

	/**
	 * The log field that names the calling service while its request is served: the
	 * service of the connection's client. (Not Elastic Common Schema's
	 * {@code service.origin.name}: the structured log writer already writes an object
	 * {@code service}, the service's own name, and cannot add to it.)
	 */
	public static final String LOG_FIELD = "client.service.name";

	private ServiceCaller() {
	}

	/**
	 * The calling service of the request the current thread serves.
	 * @return its name, empty outside a request that passed the caller check
	 */
	public static Optional<String> current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return Optional.ofNullable(attributes)
			.map((request) -> request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST))
			.map(String.class::cast);
	}

	/**
	 * Whether the current request comes from this service, for rules that bind a token to
	 * the service that presents it (its {@code azp} against the client certificate).
	 * @param service a service's name, or {@code null}
	 * @return true only when the caller check named this very service
	 */
	public static boolean is(String service) {
		return service != null && current().filter(service::equals).isPresent();
	}

}
