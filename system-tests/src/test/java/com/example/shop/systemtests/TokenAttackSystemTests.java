package com.example.shop.systemtests;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.TokenResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token forgery and confusion against the published gateway: every token an attacker can
 * make from a real one or from nothing is refused with 401 (400 for a token in the URL),
 * never a redirect or a 5xx, on a state-changing call, and no order is placed.
 */
class TokenAttackSystemTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	private final Attacks attacks = new Attacks("token forgery and confusion");

	@Test
	void forgedAndConfusedTokensThenRefusedAndNoOrderPlaced() throws Exception {
		TokenResponse alice = Platform.tokens(DemoUser.ALICE);
		SignedJWT real = alice.parsedAccessToken();
		JWTClaimsSet claims = real.getJWTClaimsSet();
		RSAKey attacker = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
		RSAKey realmKey = JWKSet.load(URI.create(Platform.ISSUER + "/protocol/openid-connect/certs").toURL())
			.getKeyByKeyId(real.getHeader().getKeyID())
			.toRSAKey();
		long ordersBefore = Attacks.orders(alice.accessToken());

		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("alg none", unsigned(real));
		tokens.put("HS256 keyed with the realm's public key",
				hmac(claims, real.getHeader().getKeyID(), realmKey.toRSAPublicKey().getEncoded()));
		tokens.put("re-signed under the realm key's kid", sign(attacker, header(attacker), claims));
		tokens.put("attacker key embedded as jwk", sign(attacker,
				new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).jwk(attacker.toPublicJWK()).build(),
				claims));
		tokens.put("attacker key set named by jku",
				sign(attacker,
						new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
							.keyID("attacker")
							.jwkURL(URI.create("https://attacker.example/jwks.json"))
							.build(),
						claims));
		tokens.put("kid path traversal", sign(attacker,
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../../../../dev/null").build(), claims));
		tokens.put("payload swapped, signature kept",
				swapPayload(real,
						new JWTClaimsSet.Builder(claims)
							.claim("realm_access", Map.of("roles", java.util.List.of("USER", "ADMIN")))
							.build()));
		tokens.put("signature truncated", alice.accessToken().substring(0, alice.accessToken().length() - 10));
		tokens.put("ID token", alice.idToken());
		tokens.put("refresh token", alice.refreshToken());
		tokens.put("not a JWT", "not-a-jwt");
		for (int i = 0; i < 20; i++) {
			tokens.put("unknown kid " + i, sign(new RSAKeyGenerator(2048).keyID("made-up-" + i).generate(), claims));
		}

		tokens.forEach((name, token) -> this.attacks.attempt(name, () -> {
			HttpResponse<String> response = Attacks.send("POST", "/api/orders", Map.of("Authorization",
					"Bearer " + token, "Content-Type", "application/json", "Accept", "text/html"), ORDER);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}));
		this.attacks.attempt("token in the query and the header",
				() -> assertThat(Attacks
					.send("POST", "/api/orders?access_token=" + alice.accessToken(), Map.of("Authorization",
							"Bearer " + alice.accessToken(), "Content-Type", "application/json"), ORDER)
					.statusCode()).isEqualTo(400));
		this.attacks.attempt("token in the query only", () -> assertThat(
				Attacks.send("GET", "/api/orders?access_token=" + alice.accessToken(), Map.of(), null).statusCode())
			.isEqualTo(400));
		this.attacks.attempt("empty bearer",
				() -> assertThat(Attacks
					.send("POST", "/api/orders", Map.of("Authorization", "Bearer ", "Content-Type", "application/json"),
							ORDER)
					.statusCode()).isIn(401, 403));

		assertThat(Attacks.orders(alice.accessToken())).as("alice's orders").isEqualTo(ordersBefore);
		this.attacks.verify();
	}

	private static JWSHeader header(RSAKey key) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
	}

	private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		return sign(key, header(key), claims);
	}

	private static String hmac(JWTClaimsSet claims, String kid, byte[] secret) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
		jwt.sign(new MACSigner(secret));
		return jwt.serialize();
	}

	private static String unsigned(SignedJWT real) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString(
				("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + real.getHeader().getKeyID() + "\"}").getBytes());
		return header + "." + real.getParsedParts()[1] + ".";
	}

	private static String swapPayload(SignedJWT real, JWTClaimsSet claims) {
		String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes());
		return real.getParsedParts()[0] + "." + payload + "." + real.getParsedParts()[2];
	}

}
