package com.example.shop.testsupport.pki;

import java.security.cert.X509Certificate;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * For MockMvc slice tests: a request as if it came over mutual TLS from a service of the
 * platform, its client certificate (from the {@link TestPki}) where the servlet container
 * puts it after the handshake.
 */
public final class CallerCertificates {

	private static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private CallerCertificates() {
	}

	/**
	 * The request comes from this service.
	 * @param service e.g. {@code api-gateway}
	 * @return the post-processor
	 */
	public static RequestPostProcessor from(String service) {
		X509Certificate certificate = TestPki.get().certificate(service);
		return (request) -> {
			request.setAttribute(ATTRIBUTE, new X509Certificate[] { certificate });
			return request;
		};
	}

	/**
	 * The request comes with no client certificate, as a plain-HTTP request would.
	 * @return the post-processor
	 */
	public static RequestPostProcessor none() {
		return (request) -> {
			request.removeAttribute(ATTRIBUTE);
			return request;
		};
	}

}
