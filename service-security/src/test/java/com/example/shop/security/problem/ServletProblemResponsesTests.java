package com.example.shop.security.problem;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem answers written by servlet filters and handlers.
 */
class ServletProblemResponsesTests {

	@Test
	void writeWhenForbiddenThenStatusProblemContentTypeLengthAndBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		ServletProblemResponses.write(response, HttpStatus.FORBIDDEN, "Not for \"you\".");

		byte[] expected = ProblemBody.json(HttpStatus.FORBIDDEN, "Not for \"you\".");
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentLength()).isEqualTo(expected.length);
		assertThat(response.getContentAsByteArray()).isEqualTo(expected);
		assertThat(response.getHeader("Retry-After")).isNull();
	}

	@Test
	void retryLaterWhenUnavailableThenRetryAfterAndBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		ServletProblemResponses.retryLater(response, HttpStatus.SERVICE_UNAVAILABLE, "7", "Later.");

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("7");
		assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("\"detail\":\"Later.\"");
	}

}
