package com.example.shop.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.JWTProcessor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * {@link ShopJwtDecoders}' decoder for a reactive (WebFlux) application: the same key
 * source, signature check, claim mapping and validators. Kept apart so that servlet
 * services need no Reactor on their classpath.
 */
public final class ShopReactiveJwtDecoders {

	private ShopReactiveJwtDecoders() {
	}

	/**
	 * The reactive decoder; the blocking key fetch runs on the bounded-elastic scheduler.
	 * @param properties the validation settings
	 * @return the decoder
	 */
	public static NimbusReactiveJwtDecoder create(ShopJwtProperties properties) {
		JWTProcessor<SecurityContext> processor = ShopJwtDecoders.processor(properties);
		NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(
				(jwt) -> Mono.fromCallable(() -> processor.process(jwt, null))
					.subscribeOn(Schedulers.boundedElastic())
					// A token that fails verification is a bad token (401); a key source
					// that cannot answer is not the client's fault.
					.onErrorMap(BadJOSEException.class, (ex) -> new BadJwtException(ex.getMessage(), ex))
					.onErrorMap(JOSEException.class, (ex) -> new JwtException(ex.getMessage(), ex)));
		decoder.setClaimSetConverter(ShopJwtDecoders::mapClaims);
		decoder.setJwtValidator(ShopJwtDecoders.validator(properties));
		return decoder;
	}

}
