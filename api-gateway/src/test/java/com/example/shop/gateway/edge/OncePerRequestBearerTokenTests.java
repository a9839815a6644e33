package com.example.shop.gateway.edge;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring's bearer-token reading runs once per request, and every later asking gets the
 * same answer: the token, nothing, or the malformed header's error.
 */
class OncePerRequestBearerTokenTests {

	private final AtomicInteger readings = new AtomicInteger();

	private final ServerAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

	private final OncePerRequestBearerToken tokens = new OncePerRequestBearerToken((exchange) -> {
		this.readings.incrementAndGet();
		return this.spring.convert(exchange);
	});

	@Test
	void convertWhenAskedThreeTimesThenReadOnceWithTheSameToken() {
		MockServerWebExchange exchange = exchange("Bearer abc.def.ghi");

		for (int i = 0; i < 3; i++) {
			Authentication token = this.tokens.convert(exchange).block();
			assertThat(((BearerTokenAuthenticationToken) token).getToken()).isEqualTo("abc.def.ghi");
		}
		assertThat(this.readings).hasValue(1);
	}

	@Test
	void convertWhenMalformedThenSameErrorEachTimeAndReadOnce() {
		MockServerWebExchange exchange = exchange("Bearer abc def");

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> this.tokens.convert(exchange).block())
				.withMessageContaining("malformed");
		}
		assertThat(this.readings).hasValue(1);
	}

	@Test
	void convertWhenNoTokenThenEmptyEachTime() {
		MockServerWebExchange exchange = exchange("Basic dXNlcjpwYXNz");

		assertThat(this.tokens.convert(exchange).blockOptional()).isEmpty();
		assertThat(this.tokens.convert(exchange).blockOptional()).isEmpty();
		assertThat(this.readings).hasValue(1);
	}

	@Test
	void convertWhenAnotherRequestThenItsOwnToken() {
		Mono<Authentication> first = this.tokens.convert(exchange("Bearer first"));
		Mono<Authentication> second = this.tokens.convert(exchange("Bearer second"));

		assertThat(((BearerTokenAuthenticationToken) first.block()).getToken()).isEqualTo("first");
		assertThat(((BearerTokenAuthenticationToken) second.block()).getToken()).isEqualTo("second");
		assertThat(this.readings).hasValue(2);
	}

	private static MockServerWebExchange exchange(String authorization) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/orders").header("Authorization", authorization));
	}

}
