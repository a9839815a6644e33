package com.example.shop.security.exchange;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reactive twin of {@link TokenExchangeClient}: the same request and answers, over a
 * non-blocking WebClient with the same bounded timeouts.
 */
public final class ReactiveTokenExchangeClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final WebClient client;

	private final Clock clock;

	/**
	 * A client.
	 * @param builder the application's WebClient builder (observed calls)
	 * @param tokenUri the token endpoint
	 * @param clientId the exchanging client
	 * @param clientSecret its secret
	 * @param clock the clock expiry is measured by
	 */
	public ReactiveTokenExchangeClient(WebClient.Builder builder, URI tokenUri, String clientId, String clientSecret,
			Clock clock) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
			.responseTimeout(Duration.ofSeconds(2));
		this.client = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.baseUrl(tokenUri.toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, TokenExchangeClient.basic(clientId, clientSecret))
			.build();
		this.clock = clock;
	}

	/**
	 * Exchanges a token.
	 * @param request the exchange
	 * @return the new token, or an error with a {@link TokenExchangeException}
	 */
	public Mono<ExchangedToken> exchange(TokenExchangeRequest request) {
		return this.client.post()
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(request.form()))
			.exchangeToMono((response) -> {
				Mono<Map<String, Object>> body = TokenExchangeClient.isJson(response.headers().asHttpHeaders())
						? response.bodyToMono(JSON_OBJECT) : response.releaseBody().then(Mono.empty());
				return body.defaultIfEmpty(Map.of())
					.map((json) -> ExchangedToken.fromAnswer(response.statusCode().value(), json,
							this.clock.instant()));
			})
			.timeout(Duration.ofSeconds(3))
			.onErrorMap((ex) -> !(ex instanceof TokenExchangeException),
					(ex) -> TokenExchangeException.unavailable(ex.getClass().getSimpleName(), ex));
	}

}
