package com.example.shop.security.mtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The server trust manager checks servers with the current trust manager, follows a
 * replaced one on the next check, hands it the socket or engine (the JDK verifies the
 * server's host name with them), and checks no client at all.
 */
class ReloadingServerTrustManagerTests {

	private static final String AUTH_TYPE = "ECDHE_ECDSA";

	private final CertificateAuthority next = CertificateAuthority.create("next", Duration.ofDays(1));

	private final X509Certificate[] platformServer = { Certificates.issue(ServiceName.PAYMENT_SERVICE).certificate() };

	private final X509Certificate[] nextServer = {
			this.next.issue(Duration.ofDays(1), ServiceName.PAYMENT_SERVICE).certificate() };

	private final AtomicReference<X509ExtendedTrustManager> current = new AtomicReference<>(
			jdk(Certificates.pki().ca().certificate()));

	private final ReloadingServerTrustManager trust = new ReloadingServerTrustManager(this.current::get);

	@Test
	void checkServerTrustedWhenChainOfCurrentCaThenTrustedByEveryVariant() {
		assertThatNoException().isThrownBy(() -> this.trust.checkServerTrusted(this.platformServer, AUTH_TYPE));
		assertThatNoException()
			.isThrownBy(() -> this.trust.checkServerTrusted(this.platformServer, AUTH_TYPE, (Socket) null));
		assertThatNoException()
			.isThrownBy(() -> this.trust.checkServerTrusted(this.platformServer, AUTH_TYPE, (SSLEngine) null));
	}

	@Test
	void checkServerTrustedWhenChainOfAnotherCaThenRefusedByEveryVariant() {
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE));
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE, (Socket) null));
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE, (SSLEngine) null));
	}

	@Test
	void checkServerTrustedWhenTrustManagerReplacedThenNewCaTrustedAndOldNot() {
		this.current.set(jdk(this.next.certificate()));

		assertThatNoException().isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE));
		assertThatNoException()
			.isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE, (Socket) null));
		assertThatNoException()
			.isThrownBy(() -> this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE, (SSLEngine) null));
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkServerTrusted(this.platformServer, AUTH_TYPE));
		assertThat(this.trust.getAcceptedIssuers()).containsExactly(this.next.certificate());
	}

	@Test
	void checkServerTrustedWhenSocketOrEngineThenHandedOnUnchanged() throws Exception {
		Recording recording = new Recording();
		this.current.set(recording);
		Socket socket = new Socket();
		SSLEngine engine = SSLContext.getDefault().createSSLEngine();

		this.trust.checkServerTrusted(this.platformServer, AUTH_TYPE, socket);
		this.trust.checkServerTrusted(this.platformServer, "RSA", engine);
		this.trust.checkServerTrusted(this.nextServer, AUTH_TYPE);

		assertThat(recording.calls).containsExactly(List.of(this.platformServer, AUTH_TYPE, socket),
				List.of(this.platformServer, "RSA", engine), List.of(this.nextServer, AUTH_TYPE));
	}

	@Test
	void checkClientTrustedWhenAnyChainThenRefusedWithoutAskingCurrent() {
		Recording recording = new Recording();
		this.current.set(recording);

		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkClientTrusted(this.platformServer, AUTH_TYPE))
			.withMessage("A client-side trust manager checks no clients");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkClientTrusted(this.platformServer, AUTH_TYPE, new Socket()))
			.withMessage("A client-side trust manager checks no clients");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trust.checkClientTrusted(this.platformServer, AUTH_TYPE, (SSLEngine) null))
			.withMessage("A client-side trust manager checks no clients");
		assertThat(recording.calls).isEmpty();
	}

	@Test
	void getAcceptedIssuersWhenCurrentThenItsCa() {
		assertThat(this.trust.getAcceptedIssuers()).containsExactly(Certificates.pki().ca().certificate());
	}

	private static X509ExtendedTrustManager jdk(X509Certificate ca) {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			factory.init(Certificates.trustStore(ca));
			return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Records the arguments of each server check and trusts every server. */
	private static final class Recording extends X509ExtendedTrustManager {

		final List<List<Object>> calls = new ArrayList<>();

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
			this.calls.add(List.of(chain, authType, socket));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			this.calls.add(List.of(chain, authType, engine));
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
			this.calls.add(List.of(chain, authType));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
			this.calls.add(List.of("client"));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			this.calls.add(List.of("client"));
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
			this.calls.add(List.of("client"));
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
