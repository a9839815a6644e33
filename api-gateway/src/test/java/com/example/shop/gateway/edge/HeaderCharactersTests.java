package com.example.shop.gateway.edge;

import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway's header checks decide exactly as Spring Security's strict firewall does:
 * every code point, the surrogate halves alone, and random mixtures, against the
 * firewall's own (regular-expression) predicates.
 */
class HeaderCharactersTests {

	private static final Predicate<String> SPRING_NAMES = StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES;

	private static final Predicate<String> SPRING_VALUES = StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES;

	@Test
	void allowedWhenEachCodePointThenAsSpringDecides() {
		int refusedValues = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = new String(Character.toChars(codePoint));
			assertThat(HeaderCharacters.allowedName(text)).as("name U+%04X", codePoint)
				.isEqualTo(SPRING_NAMES.test(text));
			boolean value = HeaderCharacters.allowedValue(text);
			assertThat(value).as("value U+%04X", codePoint).isEqualTo(SPRING_VALUES.test(text));
			refusedValues += value ? 0 : 1;
		}
		// Both decisions occur: control characters and unassigned code points are
		// refused.
		assertThat(refusedValues).isGreaterThan(1000);
	}

	@Test
	void allowedWhenMixedTextThenAsSpringDecides() {
		Random random = new Random(20261130);
		char[] interesting = { 'a', ' ', '\t', '\n', '\r', 0, 0x7F, 0x85, 0xA0, 0xD800, 0xDC00, 0xFFFF, 0x0378, 'é' };
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			for (int length = random.nextInt(12); length > 0; length--) {
				text.append(random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
						: (char) random.nextInt(0x10000));
			}
			String candidate = text.toString();
			assertThat(HeaderCharacters.allowedName(candidate)).as("name %s", candidate.chars().boxed().toList())
				.isEqualTo(SPRING_NAMES.test(candidate));
			assertThat(HeaderCharacters.allowedValue(candidate)).as("value %s", candidate.chars().boxed().toList())
				.isEqualTo(SPRING_VALUES.test(candidate));
		}
	}

	@Test
	void allowedWhenTokenOrTabOrControlThenAsTheRuleSays() {
		String token = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl-_~+/=";
		assertThat(HeaderCharacters.allowedValue(token)).isTrue();
		assertThat(HeaderCharacters.allowedValue("a\tb")).isTrue();
		assertThat(HeaderCharacters.allowedName("a\tb")).isFalse();
		assertThat(HeaderCharacters.allowedValue(token + "\r\nX-Injected: 1")).isFalse();
		assertThat(HeaderCharacters.allowedValue("\u0000")).isFalse();
		assertThat(HeaderCharacters.allowedValue(null)).isTrue();
		assertThat(HeaderCharacters.allowedName(null)).isTrue();
	}

	@Test
	void firewallWhenHeaderValueHasControlCharacterThenRejected() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/orders").header("Authorization", "Bearer a\u0007b"));

		ServerWebExchange checked = HeaderCharacters.firewall().getFirewalledExchange(exchange).block();

		assertThatExceptionOfType(ServerExchangeRejectedException.class)
			.isThrownBy(() -> checked.getRequest().getHeaders().getFirst("Authorization"));
	}

	@Test
	void firewallWhenEncodedSlashInPathThenStillRejectedAsByDefault() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/orders%2F..%2Fadmin"));

		assertThatExceptionOfType(ServerExchangeRejectedException.class)
			.isThrownBy(() -> HeaderCharacters.firewall().getFirewalledExchange(exchange).block());
	}

}
