package com.example.shop.security.problem;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem answers written by reactive filters and handlers.
 */
class ReactiveProblemResponsesTests {

	@Test
	void writeWhenBadRequestThenStatusProblemContentTypeLengthAndBody() {
		MockServerHttpResponse response = new MockServerHttpResponse();

		ReactiveProblemResponses.write(response, HttpStatus.BAD_REQUEST, "Not \"canonical\".").block();

		byte[] expected = ProblemBody.json(HttpStatus.BAD_REQUEST, "Not \"canonical\".");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getContentLength()).isEqualTo(expected.length);
		assertThat(response.getBodyAsString().block())
			.isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
		assertThat(response.getHeaders().getFirst("Retry-After")).isNull();
	}

	@Test
	void writeWhenNotSubscribedThenNothingIsWritten() {
		MockServerHttpResponse response = new MockServerHttpResponse();

		ReactiveProblemResponses.write(response, HttpStatus.BAD_REQUEST, "Later.");

		assertThat(response.getStatusCode()).isNull();
		assertThat(response.isCommitted()).isFalse();
	}

	@Test
	void retryLaterWhenTooManyRequestsThenRetryAfterAndBody() {
		MockServerHttpResponse response = new MockServerHttpResponse();

		ReactiveProblemResponses.retryLater(response, HttpStatus.TOO_MANY_REQUESTS, "3", "Slow down.").block();

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(response.getBodyAsString().block()).contains("\"detail\":\"Slow down.\"");
	}

}
