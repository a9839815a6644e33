package com.example.shop.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;
import io.micrometer.observation.ObservationRegistry;
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
	 * The reactive decoder. A token whose key is in memory is verified where the request
	 * runs: a signature check, no I/O. Only a token that needs a fetch of the realm's
	 * keys (a cold start, an unknown key id), which blocks, goes to the bounded-elastic
	 * scheduler.
	 * <p>
	 * NOTE: handing every token to that scheduler cost more than the check itself: a
	 * thread switch per request, and the event-loop threads contended for the scheduler's
	 * lock (profiled under load: 10-20 ms waits, see bench/README.md).
	 * @param properties the validation settings
	 * @return the decoder
	 */
	public static NimbusReactiveJwtDecoder create(ShopJwtProperties properties) {
		return create(properties, ObservationRegistry.NOOP);
	}

	/**
	 * The reactive decoder, its fetches of the realm's keys observed.
	 * @param properties the validation settings
	 * @param observations where the fetches are observed
	 * @return the decoder
	 */
	public static NimbusReactiveJwtDecoder create(ShopJwtProperties properties, ObservationRegistry observations) {
		RealmKeySource keys = ShopJwtDecoders.jwkSource(properties, observations);
		JWTProcessor<SecurityContext> processor = ShopJwtDecoders.processor(keys);
		NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder((jwt) -> {
			Mono<JWTClaimsSet> verified = Mono.fromCallable(() -> processor.process(jwt, null));
			if (!(jwt instanceof SignedJWT signed) || !keys.hasKeyFor(signed.getHeader())) {
				verified = verified.subscribeOn(Schedulers.boundedElastic());
			}
			// A token that fails verification is a bad token (401); a key source that
			// cannot answer is not the client's fault.
			return verified.onErrorMap(BadJOSEException.class, (ex) -> new BadJwtException(ex.getMessage(), ex))
				.onErrorMap(JOSEException.class, (ex) -> new JwtException(ex.getMessage(), ex));
		});
		decoder.setClaimSetConverter(ShopJwtDecoders::mapClaims);
		decoder.setJwtValidator(ShopJwtDecoders.validator(properties));
		return decoder;
	}

}
