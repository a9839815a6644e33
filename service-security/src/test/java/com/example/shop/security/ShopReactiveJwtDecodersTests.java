package com.example.shop.security;

import java.util.function.Function;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

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

}
