package com.example.shop.testsupport.keycloak;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real tokens of the realm that a service must refuse as bearer tokens, each wrong in one
 * way only: ID and refresh tokens, a token for another audience, an expired access token,
 * and a real access token re-signed with a key that is not the realm's.
 */
public final class RefusedTokens {

	private static final String OTHER_AUDIENCE_CLIENT = "audience-probe";

	private static final String SHORT_LIVED_CLIENT = "expiry-probe";

	private static final Duration SHORT_LIFESPAN = Duration.ofSeconds(2);

	private final ShopKeycloak keycloak;

	public RefusedTokens(ShopKeycloak keycloak) {
		this.keycloak = keycloak;
	}

	public String idToken(DemoUser user) {
		return this.keycloak.login(user).idToken();
	}

	public String refreshToken(DemoUser user) {
		return this.keycloak.login(user).refreshToken();
	}

	/**
	 * A valid access token whose audience names no service of the platform.
	 * @return the token
	 */
	public String otherAudience() {
		return serviceToken(OTHER_AUDIENCE_CLIENT, Map.of(), List.of());
	}

	/**
	 * An access token for both services that lives one second; returned once it has
	 * expired.
	 * @param skew the clock skew the service under test allows
	 * @return the expired token
	 * @throws InterruptedException when interrupted while waiting for expiry
	 */
	public String expired(Duration skew) throws InterruptedException {
		String token = shortLived();
		Thread.sleep(SHORT_LIFESPAN.plus(skew).plusSeconds(1).toMillis());
		return token;
	}

	/**
	 * The same kind of token as {@link #expired(Duration)}, still fresh: the control that
	 * shows the expired one is refused for its expiry alone.
	 * @return the fresh token
	 */
	public String shortLived() {
		return serviceToken(SHORT_LIVED_CLIENT,
				Map.of("access.token.lifespan", String.valueOf(SHORT_LIFESPAN.toSeconds())),
				List.of(ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.PAYMENT_SERVICE_CLIENT));
	}

	/**
	 * A real access token of the user, re-signed with a key that is not the realm's but
	 * carries the realm key's {@code kid}.
	 * @param user the user
	 * @return the forged token
	 */
	public String forgedSignature(DemoUser user) {
		return reSigned(user, null);
	}

	/**
	 * A real access token of the user, re-signed with a key the realm has never had,
	 * under a key id of the attacker's choice: the verifier has to look the key up, and
	 * may not find it.
	 * @param user the user
	 * @param keyId the made-up key id
	 * @return the forged token
	 */
	public String unknownKeyId(DemoUser user, String keyId) {
		return reSigned(user, keyId);
	}

	private String reSigned(DemoUser user, String keyId) {
		try {
			SignedJWT real = this.keycloak.login(user).parsedAccessToken();
			RSAKey attacker = new RSAKeyGenerator(2048).keyID((keyId != null) ? keyId : real.getHeader().getKeyID())
				.generate();
			SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(real.getHeader().getType())
				.keyID(attacker.getKeyID())
				.build(), real.getJWTClaimsSet());
			forged.sign(new RSASSASigner(attacker));
			return forged.serialize();
		}
		catch (JOSEException | ParseException ex) {
			throw new IllegalStateException("Could not forge a token", ex);
		}
	}

	private String serviceToken(String clientId, Map<String, String> attributes, List<String> audiences) {
		String secret = this.keycloak.probeClientSecret(clientId, attributes, audiences);
		return this.keycloak.tokenEndpoint().clientCredentials(clientId, secret).tokens().accessToken();
	}

}
