package com.example.shop.testsupport.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredLogsTests {

	private static final String OUTPUT = """
			WARNING: A restricted method in java.lang.System has been called
			{"@timestamp":"2026-12-01T10:15:00Z","log":{"level":"INFO","logger":"x.Y"},"service":{"name":"order-service"},"message":"Order 1 is CONFIRMED","traceId":"abc","user":{"id":"alice-sub"}}
			order-service-1  | {"log.level":"WARN","message":"flat","traceId":"def"}

			{"message":"cut short
			""";

	@Test
	void parseWhenNestedOrFlatThenDottedFieldsAndOtherLinesLeftOut() {
		assertThat(StructuredLogs.parse(OUTPUT)).hasSize(2);
		assertThat(StructuredLogs.parse(OUTPUT).get(0)).containsEntry("log.level", "INFO")
			.containsEntry("service.name", "order-service")
			.containsEntry("user.id", "alice-sub")
			.containsEntry("traceId", "abc");
		assertThat(StructuredLogs.parse(OUTPUT).get(1)).containsEntry("log.level", "WARN");
	}

	@Test
	void withFieldWhenValueMatchesThenOnlyThoseLines() {
		assertThat(StructuredLogs.withField(OUTPUT, "traceId", "def")).singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("message", "flat"));
		assertThat(StructuredLogs.withField(OUTPUT, "traceId", "xyz")).isEmpty();
	}

	@Test
	void unstructuredWhenNotAJsonObjectThenListed() {
		assertThat(StructuredLogs.unstructured(OUTPUT)).containsExactly(
				"WARNING: A restricted method in java.lang.System has been called", "{\"message\":\"cut short");
	}

}
