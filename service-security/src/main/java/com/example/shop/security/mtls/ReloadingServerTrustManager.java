package com.example.shop.security.mtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a TLS client whose trusted CA is renewed: it checks servers with
 * the current trust manager of an SSL bundle, and refuses to check clients, which a
 * client-side context never has to.
 */
final class ReloadingServerTrustManager extends X509ExtendedTrustManager {

	private final Supplier<X509ExtendedTrustManager> trust;

	/**
	 * Follows a trust manager, read anew on every check.
	 * @param trust the current trust manager
	 */
	ReloadingServerTrustManager(Supplier<X509ExtendedTrustManager> trust) {
		this.trust = trust;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		this.trust.get().checkServerTrusted(chain, authType, socket);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		this.trust.get().checkServerTrusted(chain, authType, engine);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.trust.get().checkServerTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw new CertificateException("A client-side trust manager checks no clients");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("A client-side trust manager checks no clients");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("A client-side trust manager checks no clients");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.trust.get().getAcceptedIssuers();
	}

}
