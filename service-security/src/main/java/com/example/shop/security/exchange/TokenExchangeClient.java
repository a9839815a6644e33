package com.example.shop.security.exchange;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Keycloak's token endpoint for token exchanges, called by a confidential client with
 * {@code client_secret_basic}, over a blocking HTTP client with bounded timeouts (connect
 * 1 s, answer 2 s).
 */
public final class TokenExchangeClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final RestClient client;

	private final Clock clock;

	/**
	 * A client.
	 * @param builder the application's RestClient builder (observed calls)
	 * @param tokenUri the token endpoint
	 * @param clientId the exchanging client
	 * @param clientSecret its secret
	 * @param clock the clock expiry is measured by
	 */
	public TokenExchangeClient(RestClient.Builder builder, URI tokenUri, String clientId, String clientSecret,
			Clock clock) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		requests.setReadTimeout(Duration.ofSeconds(2));
		this.client = builder.clone()
			.requestFactory(requests)
			.baseUrl(tokenUri.toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, basic(clientId, clientSecret))
			.build();
		this.clock = clock;
	}

	/**
	 * Exchanges a token and waits for the answer.
	 * @param request the exchange
	 * @return the new token
	 * @throws TokenExchangeException when Keycloak refuses or does not answer
	 */
	public ExchangedToken exchange(TokenExchangeRequest request) {
		try {
			return this.client.post()
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(request.form())
				.exchange((httpRequest, response) -> {
					Map<String, Object> body = isJson(response.getHeaders()) ? response.bodyTo(JSON_OBJECT) : null;
					return ExchangedToken.fromAnswer(response.getStatusCode().value(), (body != null) ? body : Map.of(),
							this.clock.instant());
				});
		}
		catch (TokenExchangeException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw TokenExchangeException.unavailable(ex.getClass().getSimpleName(), ex);
		}
	}

	static boolean isJson(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		return type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON);
	}

	/**
	 * RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined.
	 * @param clientId the client id
	 * @param clientSecret the secret
	 * @return the header value
	 */
	static String basic(String clientId, String clientSecret) {
		String credentials = encode(clientId) + ":" + encode(clientSecret);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
