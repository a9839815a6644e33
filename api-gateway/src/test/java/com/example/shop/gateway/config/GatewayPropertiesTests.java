package com.example.shop.gateway.config;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The public URL is an origin or nothing; only an https one makes every cookie Secure.
 */
class GatewayPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://shop.example.com/", "https://shop.example.com/app", "ftp://shop.example.com",
			"https://user@shop.example.com", "https://shop.example.com?x=1", "shop.example.com" })
	void publicUrlWhenNotAnOriginThenRefused(String publicUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(publicUrl))
			.withMessageContaining("shop.gateway.public-url");
	}

	@Test
	void publicUrlWhenHttpsThenBaseAndSecureCookies() {
		GatewayProperties properties = properties("https://shop.example.com");

		assertThat(properties.baseUrl()).isEqualTo("https://shop.example.com");
		assertThat(properties.secureCookies()).isTrue();
	}

	@Test
	void publicUrlWhenBlankOrHttpThenRequestBaseOrNotForcedSecure() {
		assertThat(properties("").baseUrl()).isEqualTo("{baseUrl}");
		assertThat(properties("").secureCookies()).isFalse();
		assertThat(properties("http://localhost:8080").secureCookies()).isFalse();
	}

	private static GatewayProperties properties(String publicUrl) {
		return new GatewayProperties(DataSize.ofKilobytes(64), List.of(), List.of(), List.of("127.0.0.1/32"),
				new GatewayProperties.LoginRateLimit(1, 20), Duration.ofMinutes(5), publicUrl);
	}

}
