package com.example.shop.systemtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After every other system test (the attacks included, with their forged and stolen
 * tokens): no log of any container of the platform holds a token, a private key or one of
 * the platform's secrets. The secrets are compose's own values: the environment's, else
 * the demo defaults.
 */
@Order(Integer.MAX_VALUE)
class LogScanSystemTests {

	private static final List<String> SECRETS = List.of("GATEWAY_CLIENT_SECRET", "ORDER_SERVICE_CLIENT_SECRET",
			"POSTGRES_PASSWORD", "ORDER_DB_PASSWORD", "PAYMENT_DB_PASSWORD", "REDIS_PASSWORD");

	@Test
	void logsWhenEverySystemTestRanThenNoTokenKeyOrSecretInAnyLine() {
		Map<String, String> secrets = new LinkedHashMap<>();
		for (String name : SECRETS) {
			String demo = "demo-" + name.toLowerCase().replace("_", "-");
			secrets.put(name, System.getenv().getOrDefault(name, demo));
		}
		LogSecrets scan = new LogSecrets(secrets);
		Map<String, List<String>> findings = new LinkedHashMap<>();
		int lines = 0;
		for (String service : Compose.compose("config", "--services").lines().map(String::strip).toList()) {
			String log = Compose.compose("logs", "--no-color", service);
			lines += (int) log.lines().count();
			List<String> found = scan.findings(log);
			if (!found.isEmpty()) {
				findings.put(service, found);
			}
		}
		System.out.printf("[log-scan] %d lines of every container's log scanned: %d with a finding%n", lines,
				findings.values().stream().mapToInt(List::size).sum());

		assertThat(lines).as("lines scanned").isGreaterThan(1000);
		assertThat(findings).isEmpty();
	}

}
