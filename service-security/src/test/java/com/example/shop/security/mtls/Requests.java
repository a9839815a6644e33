package com.example.shop.security.mtls;

import java.security.cert.X509Certificate;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Requests as the servlet container hands them to the filters after a mutual-TLS
 * handshake: the client's certificates in the standard attribute, and the id of the
 * connection they came over.
 */
final class Requests {

	private Requests() {
	}

	/**
	 * A request over a connection of its own.
	 * @param method the method
	 * @param uri the request URI as sent, not decoded
	 * @param certificates the client's chain, none for no certificate
	 * @return the request
	 */
	static MockHttpServletRequest request(String method, String uri, X509Certificate... certificates) {
		return onConnection(String.valueOf(System.nanoTime()), method, uri, certificates);
	}

	/**
	 * A request over a given connection.
	 * @param connectionId the servlet container's connection id
	 * @param method the method
	 * @param uri the request URI as sent, not decoded
	 * @param certificates the client's chain, none for no certificate
	 * @return the request
	 */
	static MockHttpServletRequest onConnection(String connectionId, String method, String uri,
			X509Certificate... certificates) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri) {

			// The mock's connection id is its request id, which it has no setter for.
			@Override
			public String getRequestId() {
				return connectionId;
			}

		};
		if (certificates.length > 0) {
			request.setAttribute(ServiceCallerFilter.CERTIFICATES, certificates);
		}
		return request;
	}

}
