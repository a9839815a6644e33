package com.example.shop.systemtests;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.logs.StructuredLogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following requests through the platform as an operator does, with the compose profile
 * "observability" (Zipkin and Prometheus, every request sampled; see the module's pom):
 * an order placed through the gateway is one trace in Zipkin with spans of all three
 * services, found by the order's id, and each service's structured log has a line with
 * that trace id; an order paid later by order-service's retry job (payment-service
 * paused, then resumed) has a trace of its own, tied to the order by the same tag; the
 * traces hold the calls made for the request (Redis, SQL statements, a login's calls to
 * Keycloak), and no trace starts at a probe or a query; and Prometheus scrapes every
 * service and Keycloak.
 */
class ObservabilitySystemTests {

	private static final String TWO_MUGS = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2}]}";

	private static final Set<String> SERVICES = Set.of("api-gateway", "order-service", "payment-service");

	/** The span tag order-service gives each payment attempt (OrderService). */
	private static final String ORDER_ID_TAG = "shop.order.id";

	private final ApiClient gateway = new ApiClient(() -> Platform.GATEWAY);

	private final ApiClient zipkin = new ApiClient(() -> URI.create("http://localhost:9411"));

	private final ApiClient prometheus = new ApiClient(() -> URI.create("http://localhost:9090"));

	@Test
	void orderPlacedThroughTheGatewayIsOneTraceAcrossAllServicesAndInEveryServicesLog() {
		String id = placeOrder("CONFIRMED");

		List<Map<String, Object>> trace = await("a trace of order " + id + " with spans of all three services",
				() -> traces(id).stream().filter((spans) -> services(spans).equals(SERVICES)).findFirst().orElse(null));

		String traceId = (String) trace.get(0).get("traceId");
		assertThat(trace).allSatisfy((span) -> assertThat(span).containsEntry("traceId", traceId));
		// The calls each service made for it: the gateway's rate limiter in Redis, and
		// each service's SQL statements, with placeholders and never the values.
		assertThat(trace).anySatisfy((span) -> assertThat(span).matches(of("api-gateway"))
			.satisfies((redis) -> assertThat(tags(redis)).containsEntry("db.system", "redis")));
		// The token exchanges of a new token's first request, each a span of the
		// request's
		// trace: the gateway's for order-service, order-service's for payment-service.
		for (String service : List.of("api-gateway", "order-service")) {
			assertThat(trace).as("%s's token exchange in the order's trace", service)
				.anyMatch(calling(service, "/protocol/openid-connect/token"));
		}
		for (String service : List.of("order-service", "payment-service")) {
			List<Map<String, Object>> queries = trace.stream()
				.filter((span) -> "query".equals(span.get("name")) && of(service).test(span))
				.toList();
			assertThat(queries).as("%s's SQL statements in the order's trace", service)
				.isNotEmpty()
				.allSatisfy((query) -> assertThat(tags(query)).containsKey("jdbc.query[0]")
					.doesNotContainKey("jdbc.params[0]"));
		}
		for (String service : SERVICES) {
			String log = Compose.compose("logs", "--no-color", service);
			assertThat(StructuredLogs.withField(log, "traceId", traceId))
				.as("%s's log lines with trace %s", service, traceId)
				.isNotEmpty()
				.allSatisfy((line) -> assertThat(line).containsEntry("service.name", service));
			// A line the structured writer could not write is lost, and logback says so
			// on stdout (as happened once for a log field that clashed with another).
			assertThat(StructuredLogs.unstructured(log)).as(service)
				.noneMatch((line) -> line.contains("failed to append") || line.contains("ERROR in ch.qos.logback"));
		}
	}

	@Test
	void orderPaidByTheRetryJobHasATraceOfItsOwnTiedToTheOrder() {
		String id;
		// payment-service frozen (its connections accepted, never answered):
		// order-service's
		// call times out and the order stays pending. (Stopped instead, its name would
		// not
		// resolve, and on the internal network the lookup outlasts the gateway's
		// timeout.)
		Compose.compose("pause", "payment-service");
		try {
			id = placeOrder("PENDING_PAYMENT");
		}
		finally {
			Compose.compose("unpause", "payment-service");
		}
		String alice = Platform.accessToken(DemoUser.ALICE);
		// The job runs every 30 s for orders older than 30 s.
		await("order " + id + " confirmed by the retry job", () -> {
			HttpResponse<String> order = this.gateway.get("/api/orders/" + id, alice);
			return "CONFIRMED".equals(Json.object(order.body()).get("status")) ? order : null;
		});

		// The attempt that confirmed it: a span that names the order and its new status.
		Predicate<Map<String, Object>> confirmingAttempt = tagged(ORDER_ID_TAG, id)
			.and(tagged("shop.order.status", "CONFIRMED"));
		// Its own trace, with the payment-service call in it (each service reports its
		// spans
		// on its own, within a second or so); no request through the gateway started it.
		List<Map<String, Object>> retry = await(
				"the retry job's trace of order " + id + " with payment-service's spans",
				() -> traces(id).stream()
					.filter((spans) -> spans.stream().anyMatch(confirmingAttempt))
					.filter((spans) -> services(spans).contains("payment-service"))
					.findFirst()
					.orElse(null));

		assertThat(services(retry)).isEqualTo(Set.of("order-service", "payment-service"));
		assertThat(retry).filteredOn(confirmingAttempt).hasSize(1);
		assertThat(traces(id)).filteredOn((spans) -> services(spans).contains("api-gateway"))
			.singleElement()
			.satisfies((placement) -> assertThat(placement.get(0).get("traceId"))
				.isNotEqualTo(retry.get(0).get("traceId")));
		String traceId = (String) retry.get(0).get("traceId");
		assertThat(StructuredLogs.withField(Compose.compose("logs", "--no-color", "order-service"), "traceId", traceId))
			.anySatisfy((line) -> assertThat(line.get("message")).asString()
				.isEqualTo("Order " + id + " is CONFIRMED after a payment attempt"));
		assertThat(
				StructuredLogs.withField(Compose.compose("logs", "--no-color", "payment-service"), "traceId", traceId))
			.anySatisfy((line) -> assertThat(line).containsEntry("client.service.name", "order-service"));
	}

	@Test
	void browserLoginsCallsToKeycloakAreSpansOfItsCallbacksTrace() {
		Platform.browserLogin(DemoUser.BOB);

		// The callback's trace: the gateway redeemed the code and read the user's info
		// (only
		// a login reads it; the token endpoint is also called by token exchanges).
		List<Map<String, Object>> login = await("the trace of a login callback with the gateway's calls to Keycloak",
				() -> recentTraces("api-gateway").stream()
					.filter((spans) -> spans.stream().anyMatch(calling("/protocol/openid-connect/userinfo")))
					.findFirst()
					.orElse(null));

		assertThat(login).anySatisfy((span) -> assertThat(span).matches(of("api-gateway"))
			.containsEntry("kind", "SERVER")
			.doesNotContainKey("parentId"));
		assertThat(login).anyMatch(calling("/protocol/openid-connect/token"));
	}

	@Test
	void noTraceStartsAtADatabaseQueryOrAProbe() {
		// Prometheus scrapes every service, and compose checks each one's health, every
		// few seconds: neither, nor the queries that answer them, is a trace.
		prometheusScrapesEveryServiceAndKeycloak();
		for (String service : SERVICES) {
			List<String> roots = recentTraces(service).stream()
				.flatMap((spans) -> spans.stream().filter((span) -> span.get("parentId") == null))
				.map((span) -> (String) span.get("name"))
				.toList();
			assertThat(roots).as("the first spans of %s's traces", service)
				.isNotEmpty()
				.noneMatch((name) -> name.equals("query") || name.contains("/actuator"));
		}
	}

	@Test
	void prometheusScrapesEveryServiceAndKeycloak() {
		Map<String, String> up = await("every target up", () -> {
			Map<String, String> targets = targetsUp();
			return targets.keySet().containsAll(List.of("api-gateway", "order-service", "payment-service", "keycloak"))
					&& targets.values().stream().allMatch("1"::equals) ? targets : null;
		});

		assertThat(up).containsKeys("api-gateway", "order-service", "payment-service", "keycloak");
	}

	private String placeOrder(String status) {
		HttpResponse<String> placed = this.gateway.post("/api/orders", Platform.accessToken(DemoUser.ALICE), TWO_MUGS);
		assertThat(placed.statusCode()).as(placed.body()).isIn(201, 202);
		Map<String, Object> order = Json.object(placed.body());
		assertThat(order).containsEntry("status", status);
		return (String) order.get("orderId");
	}

	/**
	 * Zipkin's traces that hold a span tagged with the order's id, each a list of spans.
	 */
	@SuppressWarnings("unchecked")
	private List<List<Map<String, Object>>> traces(String orderId) {
		String query = URLEncoder.encode(ORDER_ID_TAG + "=" + orderId, StandardCharsets.UTF_8);
		HttpResponse<String> answer = this.zipkin
			.get("/api/v2/traces?serviceName=order-service&lookback=3600000&limit=20&annotationQuery=" + query, null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return Json.array(answer.body()).stream().map((trace) -> (List<Map<String, Object>>) trace).toList();
	}

	/** The traces a service took part in during the last ten minutes. */
	@SuppressWarnings("unchecked")
	private List<List<Map<String, Object>>> recentTraces(String service) {
		HttpResponse<String> answer = this.zipkin
			.get("/api/v2/traces?serviceName=" + service + "&lookback=600000&limit=500", null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return Json.array(answer.body()).stream().map((trace) -> (List<Map<String, Object>>) trace).toList();
	}

	@SuppressWarnings("unchecked")
	private static Predicate<Map<String, Object>> of(String service) {
		return (span) -> service.equals(((Map<String, Object>) span.get("localEndpoint")).get("serviceName"));
	}

	/** A client span of the gateway whose tags name a URL with this path. */
	private static Predicate<Map<String, Object>> calling(String path) {
		return calling("api-gateway", path);
	}

	/** A client span of a service whose tags name a URL with this path. */
	private static Predicate<Map<String, Object>> calling(String service, String path) {
		return (span) -> of(service).test(span) && "CLIENT".equals(span.get("kind"))
				&& tags(span).values().stream().anyMatch((value) -> String.valueOf(value).contains(path));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> services(List<Map<String, Object>> spans) {
		return spans.stream()
			.map((span) -> (Map<String, Object>) span.get("localEndpoint"))
			.map((endpoint) -> (String) endpoint.get("serviceName"))
			.collect(Collectors.toSet());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tags(Map<String, Object> span) {
		return (Map<String, Object>) span.getOrDefault("tags", Map.of());
	}

	private static Predicate<Map<String, Object>> tagged(String tag, String value) {
		return (span) -> value.equals(tags(span).get(tag));
	}

	/** Prometheus's {@code up} by the target's service (or job, for Keycloak). */
	@SuppressWarnings("unchecked")
	private Map<String, String> targetsUp() {
		HttpResponse<String> answer = this.prometheus.get("/api/v1/query?query=up", null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Map<String, Object> data = (Map<String, Object>) Json.object(answer.body()).get("data");
		return ((List<Object>) data.get("result")).stream()
			.map((result) -> (Map<String, Object>) result)
			.collect(Collectors.toMap((result) -> label((Map<String, String>) result.get("metric")),
					(result) -> String.valueOf(((List<Object>) result.get("value")).get(1)),
					(first, second) -> "1".equals(first) ? second : first));
	}

	private static String label(Map<String, String> metric) {
		return metric.getOrDefault("service", metric.get("job"));
	}

	private static <T> T await(String what, Supplier<T> probe) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (true) {
			T found = probe.get();
			if (found != null) {
				return found;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Not within 3 minutes: " + what);
			}
			Compose.sleep(Duration.ofSeconds(2));
		}
	}

}
