package com.example.shop.security.mtls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.shop.security.audit.AuditEvents;
import com.example.shop.security.audit.AuditEvents.Action;
import com.example.shop.security.audit.AuditEvents.Outcome;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Makes every reload of an SSL bundle an audit event ({@code certificate-reload}): which
 * bundle, and the serial number and expiry of the certificate it now holds. A bundle
 * reloads when Spring Boot sees its files change ({@code reload-on-update}); from then on
 * the server presents, and the clients present and trust, what the new files hold, so an
 * operator wants to see each change, and a certificate that did not change when it should
 * have.
 */
public final class CertificateReloads {

	private CertificateReloads() {
	}

	/**
	 * Records the reloads of every bundle the application has.
	 * @param bundles the application's SSL bundles
	 * @param audit where the events go
	 */
	public static void record(SslBundles bundles, AuditEvents audit) {
		for (String name : bundles.getBundleNames()) {
			bundles.addBundleUpdateHandler(name, (bundle) -> {
				X509Certificate certificate = certificate(bundle);
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("tls.bundle", name);
				if (certificate != null) {
					fields.put("x509.serial_number", certificate.getSerialNumber().toString(16));
					fields.put("x509.not_after", certificate.getNotAfter().toInstant().toString());
				}
				audit.record(Action.CERTIFICATE_RELOAD, Outcome.SUCCESS, null, fields,
						"SSL bundle '" + name + "' reloaded: "
								+ ((certificate != null) ? "certificate serial " + fields.get("x509.serial_number")
										+ ", valid until " + fields.get("x509.not_after")
										: "trusted certificates only"));
			});
		}
	}

	/** The bundle's own certificate: that of its key entry; none for a trust-only one. */
	private static X509Certificate certificate(SslBundle bundle) {
		KeyStore keys = bundle.getStores().getKeyStore();
		if (keys == null) {
			return null;
		}
		try {
			for (String alias : Collections.list(keys.aliases())) {
				Certificate certificate = keys.getCertificate(alias);
				if (keys.isKeyEntry(alias) && certificate instanceof X509Certificate x509) {
					return x509;
				}
			}
			return null;
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("SSL bundle's key store cannot be read", ex);
		}
	}

}
