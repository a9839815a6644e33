package com.example.shop.security.mtls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

import com.example.shop.testsupport.platform.ServiceName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A service is named by the first DNS SAN of its certificate and by nothing else: not by
 * the subject's CN, an IP or a URI name.
 */
class SubjectAltNameExtractorTests {

	private final SubjectAltNameExtractor extractor = new SubjectAltNameExtractor();

	@Test
	void extractPrincipalWhenPlatformCertificateThenServiceName() {
		X509Certificate certificate = Certificates.pki().certificate(ServiceName.ORDER_SERVICE);

		assertThat(this.extractor.extractPrincipal(certificate)).isEqualTo(ServiceName.ORDER_SERVICE);
	}

	@Test
	void extractPrincipalWhenSeveralDnsNamesThenFirst() {
		X509Certificate certificate = Certificates
			.issue(ServiceName.PAYMENT_SERVICE, ServiceName.ORDER_SERVICE, "localhost")
			.certificate();

		assertThat(this.extractor.extractPrincipal(certificate)).isEqualTo(ServiceName.PAYMENT_SERVICE);
	}

	@Test
	void extractPrincipalWhenIpAndUriNamesBeforeDnsNameThenDnsName() {
		X509Certificate certificate = Certificates.withNames(ServiceName.GATEWAY,
				new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
				new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://shop/api-gateway"),
				new GeneralName(GeneralName.rfc822Name, "api-gateway@shop.example"),
				new GeneralName(GeneralName.dNSName, ServiceName.ORDER_SERVICE));

		assertThat(this.extractor.extractPrincipal(certificate)).isEqualTo(ServiceName.ORDER_SERVICE);
	}

	@Test
	void extractPrincipalWhenOnlyIpNameThenRefused() {
		X509Certificate certificate = Certificates.issue("127.0.0.1").certificate();

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate))
			.withMessageContaining("no DNS subject alternative name");
	}

	@Test
	void extractPrincipalWhenOnlyUriNameThenRefused() {
		X509Certificate certificate = Certificates.withNames(ServiceName.GATEWAY,
				new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://shop/api-gateway"));

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate));
	}

	@Test
	void extractPrincipalWhenNoSanButServiceNameAsCommonNameThenRefused() {
		// Spring Security's default extractor would take the CN and accept this one.
		X509Certificate certificate = Certificates.withNames(ServiceName.GATEWAY);

		assertThat(certificate.getSubjectX500Principal().getName()).contains(ServiceName.GATEWAY);
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate))
			.withMessageContaining("names no service");
	}

	@Test
	void extractPrincipalWhenCommonNameDiffersFromSanThenSan() {
		X509Certificate certificate = Certificates.withNames(ServiceName.GATEWAY,
				new GeneralName(GeneralName.dNSName, ServiceName.PAYMENT_SERVICE));

		assertThat(this.extractor.extractPrincipal(certificate)).isEqualTo(ServiceName.PAYMENT_SERVICE);
	}

	@Test
	void extractPrincipalWhenBlankDnsNameFirstThenNextDnsName() throws Exception {
		// The JDK refuses to parse an empty DNS name, so only a mock can carry one.
		X509Certificate certificate = mock(X509Certificate.class);
		given(certificate.getSubjectAlternativeNames())
			.willReturn(List.of(List.of(2, " "), List.of(2, ServiceName.ORDER_SERVICE)));

		assertThat(this.extractor.extractPrincipal(certificate)).isEqualTo(ServiceName.ORDER_SERVICE);
	}

	@Test
	void extractPrincipalWhenOnlyBlankDnsNameThenRefused() throws Exception {
		X509Certificate certificate = mock(X509Certificate.class);
		given(certificate.getSubjectAlternativeNames()).willReturn(List.of(List.of(2, "")));

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate));
	}

	@Test
	void extractPrincipalWhenDnsNameNotTextThenRefused() throws Exception {
		X509Certificate certificate = mock(X509Certificate.class);
		given(certificate.getSubjectAlternativeNames())
			.willReturn(List.of(List.of(2, ServiceName.ORDER_SERVICE.getBytes())));

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate));
	}

	@Test
	void extractPrincipalWhenSanUnparseableThenRefusedAsBadCredentials() throws Exception {
		X509Certificate certificate = mock(X509Certificate.class);
		CertificateParsingException unparseable = new CertificateParsingException("bad DER");
		given(certificate.getSubjectAlternativeNames()).willThrow(unparseable);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate))
			.withMessageContaining("Unreadable")
			.withCause(unparseable);
	}

	@Test
	void extractPrincipalWhenSanExtensionMalformedThenRefused() {
		// A SAN extension whose value is not DER: the JDK keeps the certificate but
		// cannot read its names.
		X509Certificate certificate = Certificates.withRawSan(ServiceName.GATEWAY,
				new byte[] { 0x30, 0x05, (byte) 0x82, 0x09, 'x' });

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.extractor.extractPrincipal(certificate));
	}

}
