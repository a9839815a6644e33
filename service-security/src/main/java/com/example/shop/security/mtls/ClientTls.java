package com.example.shop.security.mtls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS client side of a service: its certificate and the CA it trusts, taken from an
 * SSL bundle and followed when the bundle's files change. The {@link SSLContext} is made
 * once; its key and trust managers ({@link ReloadingClientKeyManager},
 * {@link ReloadingServerTrustManager}) delegate to the bundle's current ones, so every
 * new connection uses the current certificate while open connections finish undisturbed.
 * A client that pools connections registers {@link #onUpdate} to close idle ones.
 */
public final class ClientTls {

	private static final Logger logger = LoggerFactory.getLogger(ClientTls.class);

	/** TLS 1.3 and 1.2 only, whatever the bundle says. */
	public static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final String bundleName;

	private final AtomicReference<Managers> current = new AtomicReference<>();

	private final List<Runnable> updateListeners = new CopyOnWriteArrayList<>();

	private final SSLContext sslContext;

	private ClientTls(String bundleName, SslBundle bundle) {
		this.bundleName = bundleName;
		this.current.set(Managers.of(bundleName, bundle));
		try {
			this.sslContext = SSLContext.getInstance("TLS");
			this.sslContext.init(
					new KeyManager[] { new ReloadingClientKeyManager(() -> this.current.get().key(),
							() -> this.current.get().alias()) },
					new TrustManager[] { new ReloadingServerTrustManager(() -> this.current.get().trust()) }, null);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The client side of a bundle, kept current with it.
	 * @param bundles the application's SSL bundles
	 * @param bundleName the bundle with the service's certificate, key and CA
	 * @return the client TLS of that bundle
	 */
	public static ClientTls of(SslBundles bundles, String bundleName) {
		ClientTls tls = new ClientTls(bundleName, bundles.getBundle(bundleName));
		bundles.addBundleUpdateHandler(bundleName, tls::update);
		return tls;
	}

	public SSLContext sslContext() {
		return this.sslContext;
	}

	/**
	 * Runs an action after each change of certificate, e.g. closing idle pooled
	 * connections so that the next call opens one with the new certificate.
	 * @param listener the action
	 */
	public void onUpdate(Runnable listener) {
		this.updateListeners.add(listener);
	}

	/**
	 * The certificate new connections present.
	 * @return the current client certificate
	 */
	public X509Certificate certificate() {
		X509Certificate[] chain = this.current.get().key().getCertificateChain(this.current.get().alias());
		return (chain != null && chain.length > 0) ? chain[0] : null;
	}

	void update(SslBundle bundle) {
		this.current.set(Managers.of(this.bundleName, bundle));
		// NOTE: a resumed TLS session keeps the identity of the handshake it came from,
		// and this context's cache would resume sessions made with the old certificate:
		// the server would go on seeing the old identity on new connections.
		SSLSessionContext sessions = this.sslContext.getClientSessionContext();
		Collections.list(sessions.getIds()).forEach((id) -> {
			SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		});
		X509Certificate certificate = certificate();
		logger.info("Client certificate of bundle '{}' reloaded: serial {}", this.bundleName,
				(certificate != null) ? certificate.getSerialNumber().toString(16) : "none");
		this.updateListeners.forEach(Runnable::run);
	}

	private record Managers(X509ExtendedKeyManager key, String alias, X509ExtendedTrustManager trust) {

		static Managers of(String bundleName, SslBundle bundle) {
			X509ExtendedKeyManager key = first(bundle.getManagers().getKeyManagers(), X509ExtendedKeyManager.class,
					bundleName);
			X509ExtendedTrustManager trust = first(bundle.getManagers().getTrustManagers(),
					X509ExtendedTrustManager.class, bundleName);
			String[] aliases = key.getClientAliases("EC", null);
			List<String> all = new ArrayList<>((aliases != null) ? List.of(aliases) : List.of());
			String[] rsa = key.getClientAliases("RSA", null);
			if (rsa != null) {
				all.addAll(List.of(rsa));
			}
			if (all.size() != 1) {
				throw new IllegalStateException(
						"SSL bundle '" + bundleName + "' must hold exactly one client key, not " + all.size());
			}
			return new Managers(key, all.get(0), trust);
		}

		private static <T> T first(Object[] managers, Class<T> type, String bundleName) {
			for (Object manager : managers) {
				if (type.isInstance(manager)) {
					return type.cast(manager);
				}
			}
			throw new IllegalStateException("SSL bundle '" + bundleName + "' has no " + type.getSimpleName());
		}

	}

}
