package com.example.shop.security;

import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive decoder (the gateway's) accepts and refuses exactly what the servlet one
 * does: every case of {@link ShopJwtDecodersTests} runs again against it.
 */
class ShopReactiveJwtDecodersTests extends ShopJwtDecodersTests {

	@Override
	Function<String, Jwt> decoder(ShopJwtProperties properties) {
		ReactiveJwtDecoder decoder = ShopReactiveJwtDecoders.create(properties);
		return (token) -> decoder.decode(token).block();
	}

	@Test
	void decodeWhenKeyInMemoryThenVerifiedOnTheCallersThreadElseOnBoundedElastic() throws Exception {
		ReactiveJwtDecoder decoder = ShopReactiveJwtDecoders
			.create(properties(Duration.ofMinutes(5), Duration.ofSeconds(30)));
		String token = token((claims) -> {
		});

		String cold = decoder.decode(token).map((jwt) -> Thread.currentThread().getName()).block();
		String warm = decoder.decode(token).map((jwt) -> Thread.currentThread().getName()).block();

		assertThat(cold).as("the first token fetches the keys, which blocks").startsWith("boundedElastic-");
		assertThat(warm).as("then a signature check where the request runs")
			.isEqualTo(Thread.currentThread().getName());
	}

}
