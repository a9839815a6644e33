package com.example.shop.security.mtls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of a TLS client whose certificate is renewed: it presents the one
 * certificate of the current key manager of an SSL bundle, whatever the server asks for.
 * A server of the platform that trusts another CA refuses it, which is the wanted
 * outcome, rather than the client silently sending none. It never serves as a server's
 * key manager.
 */
final class ReloadingClientKeyManager extends X509ExtendedKeyManager {

	private final Supplier<X509ExtendedKeyManager> keys;

	private final Supplier<String> alias;

	/**
	 * Follows a key manager and its one client alias, each read anew on every call.
	 * @param keys the current key manager
	 * @param alias the alias of its one client key
	 */
	ReloadingClientKeyManager(Supplier<X509ExtendedKeyManager> keys, Supplier<String> alias) {
		this.keys = keys;
		this.alias = alias;
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return this.alias.get();
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return this.alias.get();
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return this.keys.get().getCertificateChain(alias);
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return this.keys.get().getPrivateKey(alias);
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return this.keys.get().getClientAliases(keyType, issuers);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

}
