package com.example.shop.security.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Both token-exchange clients against a local token endpoint: what they send, and how
 * they read each kind of answer.
 */
class TokenExchangeClientsTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final TokenExchangeRequest REQUEST = new TokenExchangeRequest("subject-token", NOW.plusSeconds(300),
			"payment-service", "payments:read");

	private final AtomicReference<Answer> answer = new AtomicReference<>();

	private final AtomicReference<Map<String, String>> received = new AtomicReference<>();

	private final AtomicReference<String> authorization = new AtomicReference<>();

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/token", this::answer);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exchangeWhenTokenIssuedThenTheTokenUntilItsExpiryAndTheRequestAsRfc8693Says(Transport transport) {
		this.answer.set(new Answer(200, "application/json", "{\"access_token\":\"new-token\",\"expires_in\":300,"
				+ "\"token_type\":\"Bearer\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}"));

		ExchangedToken token = transport.client(tokenUri(), "order service", "s3cr=t&").apply(REQUEST);

		assertThat(token.value()).isEqualTo("new-token");
		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
		assertThat(this.received.get()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
			.containsEntry("subject_token", "subject-token")
			.containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("audience", "payment-service")
			.containsEntry("scope", "payments:read")
			.doesNotContainKeys("client_id", "client_secret");
		// client_secret_basic, id and secret form-encoded first (RFC 6749 2.3.1).
		assertThat(this.authorization.get()).isEqualTo("Basic "
				+ Base64.getEncoder().encodeToString("order+service:s3cr%3Dt%26".getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exchangeWhenKeycloakRefusesThenRefusedWithItsErrorCode(Transport transport) {
		this.answer.set(new Answer(403, "application/json",
				"{\"error\":\"access_denied\",\"error_description\":\"Client is not within the token audience\"}"));

		assertThatExceptionOfType(TokenExchangeException.class)
			.isThrownBy(() -> transport.client(tokenUri(), "order-service", "secret").apply(REQUEST))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(TokenExchangeException.Kind.REFUSED);
				assertThat(ex.error()).isEqualTo("access_denied");
				assertThat(ex.getMessage()).doesNotContain("subject-token");
			});
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exchangeWhenServerErrorOrNoUsableTokenThenUnavailable(Transport transport) {
		for (Answer answer : new Answer[] { new Answer(502, "text/html", "<html>bad gateway</html>"),
				new Answer(500, "application/json", "{\"error\":\"unknown_error\"}"),
				new Answer(400, "text/plain", "no json"), new Answer(200, "application/json", "{\"expires_in\":300}"),
				new Answer(200, "application/json", "{\"access_token\":\"t\",\"expires_in\":0}"),
				new Answer(200, "application/json", "{\"access_token\":\" \",\"expires_in\":300}"),
				new Answer(200, "application/json", "{\"access_token\":\"t\",\"expires_in\":\"300\"}"),
				new Answer(200, "application/json",
						"{\"access_token\":\"t\",\"expires_in\":300,"
								+ "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:refresh_token\"}"),
				new Answer(200, "text/plain", "access_token=t") }) {
			this.answer.set(answer);
			assertThatExceptionOfType(TokenExchangeException.class).as(answer.toString())
				.isThrownBy(() -> transport.client(tokenUri(), "order-service", "secret").apply(REQUEST))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(TokenExchangeException.Kind.UNAVAILABLE));
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exchangeWhenNothingListensThenUnavailable(Transport transport) throws IOException {
		URI closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/token");
		}

		assertThatExceptionOfType(TokenExchangeException.class)
			.isThrownBy(() -> transport.client(closed, "order-service", "secret").apply(REQUEST))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(TokenExchangeException.Kind.UNAVAILABLE));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exchangeWhenTheAnswerTakesLongerThanTheTimeoutThenUnavailable(Transport transport) {
		this.answer.set(new Answer(200, "application/json", "{\"access_token\":\"late\",\"expires_in\":300}", 4000));

		assertThatExceptionOfType(TokenExchangeException.class)
			.isThrownBy(() -> transport.client(tokenUri(), "order-service", "secret").apply(REQUEST))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(TokenExchangeException.Kind.UNAVAILABLE));
	}

	private URI tokenUri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/token");
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		this.received.set(form);
		this.authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
		Answer answer = this.answer.get();
		if (answer.delayMillis() > 0) {
			try {
				Thread.sleep(answer.delayMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", answer.contentType());
		exchange.sendResponseHeaders(answer.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
		catch (IOException ex) {
			// The client gave up (timeout test).
		}
	}

	record Answer(int status, String contentType, String body, long delayMillis) {

		Answer(int status, String contentType, String body) {
			this(status, contentType, body, 0);
		}

	}

	enum Transport {

		BLOCKING {
			@Override
			Function<TokenExchangeRequest, ExchangedToken> client(URI tokenUri, String clientId, String secret) {
				return new TokenExchangeClient(RestClient.builder(), tokenUri, clientId, secret, CLOCK)::exchange;
			}
		},

		REACTIVE {
			@Override
			Function<TokenExchangeRequest, ExchangedToken> client(URI tokenUri, String clientId, String secret) {
				ReactiveTokenExchangeClient client = new ReactiveTokenExchangeClient(WebClient.builder(), tokenUri,
						clientId, secret, CLOCK);
				return (request) -> {
					try {
						return client.exchange(request).block();
					}
					catch (RuntimeException ex) {
						throw ExchangedTokens.unwrap(ex);
					}
				};
			}
		};

		static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

		abstract Function<TokenExchangeRequest, ExchangedToken> client(URI tokenUri, String clientId, String secret);

	}

}
