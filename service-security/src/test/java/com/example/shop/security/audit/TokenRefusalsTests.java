package com.example.shop.security.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each refusal reason from the exception Spring Security refuses the token with: the
 * validators' own errors (run here on real tokens), and Nimbus JOSE's decoding messages
 * as the decoder wraps them.
 */
class TokenRefusalsTests {

	private static final Instant NOW = Instant.now();

	@Test
	void reasonWhenNoTokenThenMissing() {
		assertThat(TokenRefusals.reason(new InsufficientAuthenticationException("Full authentication is required")))
			.isEqualTo("missing");
	}

	@ParameterizedTest
	@MethodSource("validations")
	void reasonWhenAValidatorRefusedThenItsCheck(OAuth2TokenValidator<Jwt> validator, Jwt jwt, String reason) {
		var result = validator.validate(jwt);
		assertThat(result.hasErrors()).isTrue();

		assertThat(
				TokenRefusals.reason(refused(new JwtValidationException("Unable to validate Jwt", result.getErrors()))))
			.isEqualTo(reason);
	}

	static List<Object[]> validations() {
		return List.of(
				new Object[] { new JwtTimestampValidator(Duration.ZERO),
						token().issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(300)).build(), "expired" },
				new Object[] { new JwtTimestampValidator(Duration.ZERO),
						token().notBefore(NOW.plusSeconds(300)).build(), "not-yet-valid" },
				new Object[] { new JwtIssuerValidator("https://keycloak.test/realms/shop"),
						token().issuer("https://elsewhere.test/realms/shop").build(), "wrong-issuer" },
				new Object[] { new JwtAudienceValidator("order-service"), token().audience(List.of("gateway")).build(),
						"wrong-audience" });
	}

	@ParameterizedTest
	@MethodSource("decodings")
	void reasonWhenDecodingFailedThenFromItsMessage(String message, String reason) {
		assertThat(TokenRefusals
			.reason(refused(new BadJwtException("An error occurred while attempting to decode the Jwt: " + message))))
			.isEqualTo(reason);
	}

	static List<Object[]> decodings() {
		return List.of(new Object[] { "Signed JWT rejected: Invalid signature", "bad-signature" },
				new Object[] { "Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
						"unknown-key" },
				new Object[] { "Malformed token", "malformed" },
				new Object[] { "Invalid JWT serialization: Missing dot delimiter(s)", "malformed" },
				new Object[] { "Unsupported algorithm of none", "malformed" },
				new Object[] { "Something nobody expected", "other" });
	}

	/** As the resource server refuses a token: the decoder's exception as the cause. */
	private static AuthenticationException refused(Exception cause) {
		return new InvalidBearerTokenException(cause.getMessage(), cause);
	}

	private static Jwt.Builder token() {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("alice-sub")
			.issuedAt(NOW.minusSeconds(10))
			.expiresAt(NOW.plusSeconds(300));
	}

}
