package com.example.shop.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.example.shop.testsupport.containers.ContainerImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.MountableFile;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring component (k8s/components/monitoring, in the prod overlay): every pod
 * with a management port is scraped at its metrics path, and the alerts are valid for the
 * Prometheus Operator and for Prometheus itself ({@code promtool check rules}), each
 * firing on the series it is for and quiet on healthy ones ({@code promtool test rules}
 * with {@code alerts-tests.yaml}). The metrics they read are shown to exist by the
 * services' own tests: {@code ssl_chain_expiry_seconds} and
 * {@code shop_orders_pending_oldest_age_seconds} by PendingPaymentRetryIntegrationTests,
 * {@code shop_audit_events_total} by each service's audit tests,
 * {@code shop_gateway_ratelimiter_redis_failures_total} by RedisDownIntegrationTests.
 */
class MonitoringTests {

	private static final String OVERLAY = "prod";

	private static final List<String> ALERTS = List.of("ShopCertificateExpiresSoon", "ShopUnauthorizedSpike",
			"ShopForbiddenSpike", "ShopRateLimiterFailingOpen", "ShopPaymentsPendingTooLong",
			"ShopKeycloakUnreachable");

	/** The CRD's pattern of a duration ({@code for}). */
	private static final Pattern DURATION = Pattern
		.compile("^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

	@TempDir
	Path directory;

	@Test
	void podMonitorsWhenRenderedThenEveryManagementPortScrapedAtItsMetricsPath() {
		List<Map<String, Object>> objects = Manifests.render(OVERLAY);

		assertThat(scrapeProblems(objects)).isEmpty();
		assertThat(Manifests.ofKind(objects, "PodMonitor")).hasSize(2);
	}

	@Test
	void podMonitorsWhenOneMissingOrOnAnotherPathThenCaught() {
		List<Map<String, Object>> objects = Manifests.render(OVERLAY);
		objects.remove(Manifests.find(objects, "PodMonitor", "keycloak"));
		assertThat(scrapeProblems(objects)).containsExactly("keycloak: management port not scraped");

		objects = Manifests.render(OVERLAY);
		endpoint(Manifests.find(objects, "PodMonitor", "shop-services")).put("path", "/metrics");
		assertThat(scrapeProblems(objects)).containsExactlyInAnyOrder(
				"api-gateway: scraped at /metrics, not /actuator/prometheus",
				"order-service: scraped at /metrics, not /actuator/prometheus",
				"payment-service: scraped at /metrics, not /actuator/prometheus");
	}

	@Test
	void alertsWhenRenderedThenEachRequiredOneWellFormed() {
		Map<String, Object> rule = Manifests.find(Manifests.render(OVERLAY), "PrometheusRule", "shop-alerts");

		assertThat(ruleProblems(rule)).isEmpty();
		assertThat(alerts(rule)).extracting((alert) -> alert.get("alert")).containsExactlyInAnyOrderElementsOf(ALERTS);
	}

	@Test
	void alertsWhenMalformedThenCaught() {
		Map<String, Object> rule = Manifests.find(Manifests.render(OVERLAY), "PrometheusRule", "shop-alerts");
		List<Map<String, Object>> groups = groups(rule);
		groups.get(1).put("name", groups.get(0).get("name"));
		Map<String, Object> first = Manifests.list(groups.get(0).get("rules")).get(0);
		first.remove("expr");
		first.put("record", "shop:nothing");
		first.put("for", "10 minutes");
		Manifests.list(groups.get(0).get("rules")).get(1).remove("labels");

		assertThat(ruleProblems(rule)).containsExactlyInAnyOrder("group name shop.security twice",
				"ShopCertificateExpiresSoon: no expr", "ShopCertificateExpiresSoon: both alert and record",
				"ShopCertificateExpiresSoon: for '10 minutes' is no duration",
				"ShopUnauthorizedSpike: severity null, not warning or critical");
	}

	@Test
	void alertsWhenCheckedAndTestedByPromtoolThenValidAndEachFiresOnItsSeriesOnly() throws IOException {
		Map<String, Object> rule = Manifests.find(Manifests.render(OVERLAY), "PrometheusRule", "shop-alerts");

		assertThat(promtool(rule, "check rules /rules/rules.yaml")).contains("SUCCESS: 6 rules found")
			.endsWith("exit=0");
		assertThat(promtool(rule, "test rules /rules/alerts-tests.yaml")).contains("SUCCESS").endsWith("exit=0");

		// The tests see a changed threshold: at 3 refused tokens per second, the spike of
		// 2 per second no longer fires.
		Map<String, Object> unauthorized = alerts(rule).stream()
			.filter((alert) -> "ShopUnauthorizedSpike".equals(alert.get("alert")))
			.findFirst()
			.orElseThrow();
		unauthorized.put("expr", ((String) unauthorized.get("expr")).replace("> 1", "> 3"));
		assertThat(promtool(rule, "test rules /rules/alerts-tests.yaml"))
			.contains("alertname: ShopUnauthorizedSpike, time: 12m")
			.endsWith("exit=1");
	}

	/**
	 * Runs promtool on the rule's groups (as {@code /rules/rules.yaml}) and the unit
	 * tests (as {@code /rules/alerts-tests.yaml}).
	 * @return its output, ending with {@code exit=} and its exit code
	 */
	private String promtool(Map<String, Object> rule, String command) throws IOException {
		Path rules = Files.writeString(this.directory.resolve("rules.yaml"),
				new Yaml().dump(Map.of("groups", groups(rule))));
		try (GenericContainer<?> promtool = new GenericContainer<>(ContainerImages.prometheus())
			.withCopyFileToContainer(MountableFile.forHostPath(rules, 0644), "/rules/rules.yaml")
			.withCopyFileToContainer(MountableFile.forClasspathResource("alerts-tests.yaml", 0644),
					"/rules/alerts-tests.yaml")
			.withCreateContainerCmdModifier((create) -> create.withEntrypoint("/bin/sh"))
			.withCommand("-c", "promtool " + command + " 2>&1; echo exit=$?")
			.withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(1)))) {
			promtool.start();
			return promtool.getLogs().strip();
		}
	}

	/** What a Prometheus Operator would not scrape as the platform needs. */
	static List<String> scrapeProblems(List<Map<String, Object>> objects) {
		List<Map<String, Object>> monitors = Manifests.ofKind(objects, "PodMonitor").toList();
		List<String> problems = new ArrayList<>();
		Manifests.ofKind(objects, "Deployment").forEach((workload) -> {
			boolean managed = Manifests.containers(Manifests.podSpec(workload))
				.stream()
				.flatMap((container) -> Manifests.list(container.get("ports")).stream())
				.anyMatch((port) -> "management".equals(port.get("name")));
			if (!managed) {
				return;
			}
			Map<String, String> labels = Manifests.podLabels(workload);
			String expected = "spring-boot".equals(Manifests.strings(Manifests.map(workload, "metadata").get("labels"))
				.get("shop.example.com/runtime")) ? "/actuator/prometheus" : "/metrics";
			List<Map<String, Object>> endpoints = monitors.stream()
				.filter((monitor) -> Manifests.selects(Manifests.map(monitor, "spec", "selector"), labels))
				.flatMap(
						(monitor) -> Manifests.list(Manifests.map(monitor, "spec").get("podMetricsEndpoints")).stream())
				.filter((endpoint) -> "management".equals(endpoint.get("port")))
				.toList();
			String name = Manifests.name(workload);
			if (endpoints.isEmpty()) {
				problems.add(name + ": management port not scraped");
			}
			endpoints.stream()
				.filter((endpoint) -> !expected.equals(endpoint.get("path")))
				.forEach((endpoint) -> problems
					.add(name + ": scraped at " + endpoint.get("path") + ", not " + expected));
		});
		return problems;
	}

	/**
	 * What the CRD (group names unique, every rule's {@code expr}, durations) and the
	 * operator (exactly one of {@code alert} and {@code record}) refuse, and the
	 * platform's own rule: every alert has a severity and a summary.
	 */
	static List<String> ruleProblems(Map<String, Object> rule) {
		List<String> problems = new ArrayList<>();
		Set<Object> names = new HashSet<>();
		for (Map<String, Object> group : groups(rule)) {
			if (!names.add(group.get("name"))) {
				problems.add("group name " + group.get("name") + " twice");
			}
			for (Map<String, Object> each : Manifests.list(group.get("rules"))) {
				String name = String.valueOf((each.get("alert") != null) ? each.get("alert") : each.get("record"));
				if (!(each.get("expr") instanceof String expr) || expr.isBlank()) {
					problems.add(name + ": no expr");
				}
				if ((each.get("alert") == null) == (each.get("record") == null)) {
					problems
						.add(name + ": " + ((each.get("alert") == null) ? "neither" : "both") + " alert and record");
				}
				if (each.get("for") != null && !DURATION.matcher(String.valueOf(each.get("for"))).matches()) {
					problems.add(name + ": for '" + each.get("for") + "' is no duration");
				}
				if (each.get("alert") != null) {
					Object severity = Manifests.strings(each.get("labels")).get("severity");
					if (!"warning".equals(severity) && !"critical".equals(severity)) {
						problems.add(name + ": severity " + severity + ", not warning or critical");
					}
					if (Manifests.strings(each.get("annotations")).get("summary") == null) {
						problems.add(name + ": no summary");
					}
				}
			}
		}
		return problems;
	}

	private static List<Map<String, Object>> groups(Map<String, Object> rule) {
		return Manifests.list(Manifests.map(rule, "spec").get("groups"));
	}

	private static List<Map<String, Object>> alerts(Map<String, Object> rule) {
		return groups(rule).stream()
			.flatMap((group) -> Manifests.list(group.get("rules")).stream())
			.filter((each) -> each.get("alert") != null)
			.toList();
	}

	private static Map<String, Object> endpoint(Map<String, Object> monitor) {
		return Manifests.list(Manifests.map(monitor, "spec").get("podMetricsEndpoints")).get(0);
	}

}
