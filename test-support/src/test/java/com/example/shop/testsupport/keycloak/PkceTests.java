package com.example.shop.testsupport.keycloak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S256 challenge against the example of RFC 7636, appendix B.
 */
class PkceTests {

	@Test
	void s256WhenRfcExampleVerifierThenRfcExampleChallenge() {
		assertThat(Pkce.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
			.isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	}

	@Test
	void generateWhenCalledTwiceThenFreshVerifiersOfValidLength() {
		Pkce first = Pkce.generate();
		Pkce second = Pkce.generate();

		assertThat(first.verifier()).isNotEqualTo(second.verifier()).hasSizeBetween(43, 128);
		assertThat(first.challenge()).isEqualTo(Pkce.s256(first.verifier()));
	}

}
