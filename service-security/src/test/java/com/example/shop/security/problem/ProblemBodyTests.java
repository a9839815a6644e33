package com.example.shop.security.problem;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one problem-details body: its members, and texts that would break hand-made JSON.
 */
class ProblemBodyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void jsonWhenStatusAndDetailThenTitleStatusAndDetailOnly() {
		Map<String, Object> body = read(ProblemBody.json(HttpStatus.TOO_MANY_REQUESTS, "Slow down."));

		// No "type": absent, it means about:blank (RFC 9457 3.1.1), as in the
		// controllers' bodies; no "instance": nothing of the request is echoed.
		assertThat(body).containsExactlyInAnyOrderEntriesOf(
				Map.of("title", "Too Many Requests", "status", 429, "detail", "Slow down."));
	}

	@Test
	void jsonWhenDetailHasQuotesBackslashesControlsAndMarkupThenEscapedAndReadBackUnchanged() {
		String detail = "a \"quoted\" \\path\\ on\ntwo lines\t</script><b>é ☃ \u0001";

		byte[] json = ProblemBody.json(HttpStatus.BAD_REQUEST, detail);

		assertThat(read(json)).containsEntry("detail", detail).hasSize(3);
		// Nothing of the text can end the string or the object early.
		assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\n")
			.contains("\\\"quoted\\\"")
			.contains("\\\\path\\\\");
	}

	@Test
	void jsonWhenStatusWithoutReasonInDetailThenTitleIsTheStatusReasonPhrase() {
		assertThat(read(ProblemBody.json(HttpStatus.CONTENT_TOO_LARGE, "Too big.")))
			.containsEntry("title", "Content Too Large")
			.containsEntry("status", 413);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(byte[] json) {
		return JSON.readValue(json, Map.class);
	}

}
