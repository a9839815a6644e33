package com.example.shop.security.mtls;

import java.security.KeyStore;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import com.example.shop.pki.CertificateAuthority;
import com.example.shop.pki.IssuedCertificate;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client key manager presents the current key manager's one key whatever the server
 * asks for, follows a replaced key manager on the next call, and never serves a server.
 * The key managers behind it are the JDK's, over real keys of the platform CA.
 */
class ReloadingClientKeyManagerTests {

	private static final Principal[] OTHER_CA = {
			CertificateAuthority.create("other", Duration.ofDays(1)).certificate().getSubjectX500Principal() };

	private final IssuedCertificate first = Certificates.issue(ServiceName.ORDER_SERVICE);

	private final IssuedCertificate renewed = Certificates.issue(ServiceName.ORDER_SERVICE);

	private final AtomicReference<X509ExtendedKeyManager> current = new AtomicReference<>(jdk(this.first, "first"));

	private final AtomicReference<String> alias = new AtomicReference<>("first");

	private final ReloadingClientKeyManager keys = new ReloadingClientKeyManager(this.current::get, this.alias::get);

	@Test
	void chooseClientAliasWhenServerNamesOtherIssuersOrKeyTypesThenCurrentAliasAnyway() {
		// The JDK's own would choose none here, and the client would send no certificate.
		assertThat(this.current.get().chooseClientAlias(new String[] { "EC" }, OTHER_CA, null)).isNull();

		assertThat(this.keys.chooseClientAlias(new String[] { "EC" }, OTHER_CA, null)).isEqualTo("first");
		assertThat(this.keys.chooseClientAlias(new String[] { "RSA" }, null, null)).isEqualTo("first");
		assertThat(this.keys.chooseEngineClientAlias(new String[] { "EC" }, OTHER_CA, null)).isEqualTo("first");
		assertThat(this.keys.chooseEngineClientAlias(new String[] { "RSA" }, null, null)).isEqualTo("first");
	}

	@Test
	void getCertificateChainAndPrivateKeyWhenCurrentThenCurrentKeyManagers() {
		assertThat(this.keys.getCertificateChain("first")).containsExactly(this.first.certificate());
		assertThat(this.keys.getPrivateKey("first")).isEqualTo(this.first.privateKey());
		assertThat(this.keys.getClientAliases("EC", null)).containsExactly("first");
	}

	@Test
	void everyMethodWhenKeyManagerReplacedThenReplacementAtNextCall() {
		this.current.set(jdk(this.renewed, "renewed"));
		this.alias.set("renewed");

		assertThat(this.keys.chooseClientAlias(new String[] { "EC" }, null, null)).isEqualTo("renewed");
		assertThat(this.keys.chooseEngineClientAlias(new String[] { "EC" }, null, null)).isEqualTo("renewed");
		assertThat(this.keys.getCertificateChain("renewed")).containsExactly(this.renewed.certificate());
		assertThat(this.keys.getPrivateKey("renewed")).isEqualTo(this.renewed.privateKey());
		assertThat(this.keys.getClientAliases("EC", null)).containsExactly("renewed");
		assertThat(this.keys.getCertificateChain("first")).isNull();
	}

	@Test
	void serverMethodsWhenCalledThenNoKey() {
		assertThat(this.current.get().getServerAliases("EC", null)).containsExactly("first");

		assertThat(this.keys.getServerAliases("EC", null)).isNull();
		assertThat(this.keys.chooseServerAlias("EC", null, null)).isNull();
		assertThat(this.keys.chooseEngineServerAlias("EC", null, null)).isNull();
	}

	private static X509ExtendedKeyManager jdk(IssuedCertificate issued, String alias) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(alias, issued.privateKey(), new char[0], new X509Certificate[] { issued.certificate() });
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, new char[0]);
			return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
