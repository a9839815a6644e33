package com.example.shop.systemtests;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log scan finds what it looks for, wherever it is on a line, and does not cry wolf
 * on what the platform's logs do carry (trace ids, subjects, paths).
 */
class LogSecretsTests {

	/**
	 * The start of a PEM header, joined to the rest only when the test runs: no key
	 * header sits in the source for a secret scanner to flag (there is no key material
	 * either).
	 */
	private static final String PEM_BEGIN = "-----" + "BEGIN ";

	private final LogSecrets scan = new LogSecrets(Map.of("REDIS_PASSWORD", "demo-redis-password"));

	@Test
	void findingsWhenTokenKeyOrSecretThenEachFound() {
		String log = """
				{"message":"relayed eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"}
				{"message":"header Authorization: Bearer 0123456789abcdefghij"}
				%1$sPRIVATE KEY-----
				%1$sEC PRIVATE KEY-----
				redis://:demo-redis-password@redis:6379
				""".formatted(PEM_BEGIN);

		assertThat(this.scan.findings(log)).containsExactly("line 1: token eyJhbGci...",
				"line 2: bearer credential Bearer 0...", "line 3: private key -----BEG...",
				"line 4: private key -----BEG...", "line 5: the value of REDIS_PASSWORD");
	}

	@Test
	void findingsWhenOnlyWhatThePlatformLogsThenNone() {
		String log = """
				{"@timestamp":"2026-12-01T05:15:49Z","log":{"level":"WARN","logger":"com.example.shop.audit"},"message":"Bearer token refused (bad-signature) on GET /api/orders","event":{"reason":"bad-signature"},"traceId":"6b0e5805ecd2987e9882a2c855e4bd75","user":{"id":"e8c45611-8d31-424a-aa7b-f5cb1d434767"}}
				{"message":"Certificate of bundle 'service' reloaded: serial 5a3f"}
				-----BEGIN CERTIFICATE-----
				""";

		assertThat(this.scan.findings(log)).isEmpty();
	}

}
