package com.example.shop.security.mtls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

/**
 * A service's identity is the first DNS subject alternative name of its certificate, the
 * service name it is reached by. Spring Security's default extractor reads the subject's
 * CN instead: a free-text field that TLS clients stopped checking long ago, which is why
 * identities are taken from the SAN here.
 */
public final class SubjectAltNameExtractor implements X509PrincipalExtractor {

	private static final Integer DNS_NAME = 2;

	@Override
	public String extractPrincipal(X509Certificate certificate) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names != null) {
				for (List<?> name : names) {
					if (DNS_NAME.equals(name.get(0)) && name.get(1) instanceof String dnsName && !dnsName.isBlank()) {
						return dnsName;
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			throw new BadCredentialsException("Unreadable subject alternative names", ex);
		}
		throw new BadCredentialsException("The client certificate names no service (no DNS subject alternative name)");
	}

}
