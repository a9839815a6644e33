package com.example.shop.systemtests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.shop.testsupport.http.ApiClient;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart under load, as Kubernetes rolls a Deployment: order-service runs as
 * two replicas, and each in turn is stopped (SIGTERM, then the pods' grace period of 45
 * s, compose's {@code stop_grace_period}) and started again while alice and bob keep
 * placing orders through the gateway. First a drain (service-security's
 * {@code ConnectionDrain}, 6 s in compose): answers go on and ask the gateway to close
 * its connections, and idle ones pass the gateway's 5 s idle limit; then Spring Boot's
 * graceful shutdown finishes the orders in flight and takes no new connection, so the
 * gateway's next connection goes to the other replica: no order may fail. (Without the
 * drain, an order sent on an idle pooled connection just as the shutdown began was
 * refused without an answer: 503.) The figures are printed, with each service's memory
 * after the load, which the Kubernetes requests and limits are sized from
 * (k8s/README.md).
 */
class RollingRestartSystemTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	/** Each user's pace: below the orders route's rate limit (10 a second per user). */
	private static final Duration PACE = Duration.ofMillis(250);

	private static final Duration HEALTHY = Duration.ofMinutes(3);

	private final ApiClient gateway = new ApiClient(() -> Platform.GATEWAY);

	@BeforeAll
	static void twoReplicas() {
		Compose.compose("up", "-d", "--no-recreate", "--no-deps", "--scale", "order-service=2", "order-service");
		Compose.containers("order-service").forEach((replica) -> Compose.awaitHealthy(replica, HEALTHY));
		// The gateway resolves order-service once per DNS time-to-live; started again, it
		// knows both replicas, as a Service's endpoints would list them.
		restartGateway();
	}

	@AfterAll
	static void oneReplica() {
		Compose.compose("up", "-d", "--no-recreate", "--no-deps", "--scale", "order-service=1", "order-service");
		restartGateway();
	}

	@Test
	void restartWhenOrdersArePlacedThenNoneFails() throws Exception {
		List<String> replicas = Compose.containers("order-service");
		assertThat(replicas).hasSize(2);
		List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
		Instant begin = Instant.now();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService load = Executors.newFixedThreadPool(2);
		for (DemoUser user : List.of(DemoUser.ALICE, DemoUser.BOB)) {
			String token = Platform.accessToken(user);
			load.submit(() -> placeOrders(token, begin, outcomes, running));
		}

		Compose.sleep(Duration.ofSeconds(5));
		List<String> restarts = new ArrayList<>();
		for (String replica : replicas) {
			Instant stopping = Instant.now();
			Compose.run(Duration.ofMinutes(2), "docker", "stop", "--time", "45", replica);
			Instant stopped = Instant.now();
			Compose.run(Duration.ofMinutes(1), "docker", "start", replica);
			Compose.awaitHealthy(replica, HEALTHY);
			restarts.add(String.format("replica %s stopped at %d s in %d ms, healthy again at %d s",
					replica.substring(0, 12), Duration.between(begin, stopping).toSeconds(),
					Duration.between(stopping, stopped).toMillis(),
					Duration.between(begin, Instant.now()).toSeconds()));
			Compose.sleep(Duration.ofSeconds(5));
		}
		running.set(false);
		load.shutdown();
		assertThat(load.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

		List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.status() != 201).toList();
		List<Long> millis = outcomes.stream().map(Outcome::millis).sorted().toList();
		System.out.printf(
				"[rollout] %s%n[rollout] %d orders placed, %d failed %s; latency p50 %d ms, p99 %d ms,"
						+ " max %d ms%n",
				String.join("; ", restarts), outcomes.size() - failed.size(), failed.size(), failed,
				percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
		System.out.printf("[rollout] slowest: %s%n",
				outcomes.stream().sorted((a, b) -> Long.compare(b.millis(), a.millis())).limit(5).toList());
		printMemory();

		assertThat(failed).isEmpty();
		assertThat(outcomes).as("orders placed during the restarts").hasSizeGreaterThan(100);
	}

	private void placeOrders(String token, Instant begin, List<Outcome> outcomes, AtomicBoolean running) {
		while (running.get()) {
			Instant start = Instant.now();
			int status;
			try {
				HttpResponse<String> placed = this.gateway.post("/api/orders", token, ORDER);
				status = placed.statusCode();
			}
			catch (RuntimeException ex) {
				status = -1;
			}
			long millis = Duration.between(start, Instant.now()).toMillis();
			outcomes.add(new Outcome(status, millis, Duration.between(begin, start).toSeconds()));
			Compose.sleep(PACE.minusMillis(Math.min(millis, PACE.toMillis())));
		}
	}

	/**
	 * Each service's resident memory and how it divides: the heap the JVM has committed
	 * (and uses), the rest it manages (metaspace, code cache, ...), and what remains
	 * (thread stacks, GC structures, Netty's and other native allocations); and its
	 * threads.
	 */
	private static void printMemory() {
		for (String service : List.of("api-gateway", "order-service", "payment-service")) {
			String status = Compose.exec(service, Map.of(), "cat", "/proc/1/status");
			String metrics = Compose.exec(service, Map.of(), "bash", "-c",
					"exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /actuator/prometheus HTTP/1.0\\r\\n\\r\\n' >&3"
							+ " && cat <&3");
			double rss = kibibytes(status, "VmRSS") * 1024;
			double heap = sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\"");
			double nonHeap = sum(metrics, "jvm_memory_committed_bytes", "area=\"nonheap\"");
			System.out.printf(
					"[memory] %s: resident %d MiB = heap %d MiB committed (%d MiB used) + non-heap %d MiB"
							+ " committed + other native %d MiB; %d threads%n",
					service, mebibytes(rss), mebibytes(heap),
					mebibytes(sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")), mebibytes(nonHeap),
					mebibytes(rss - heap - nonHeap), Math.round(kibibytes(status, "Threads")));
		}
	}

	private static double kibibytes(String status, String field) {
		Matcher matcher = Pattern.compile("(?m)^" + field + ":\\s+([0-9]+)").matcher(status);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + field + " in /proc/1/status");
		}
		return Double.parseDouble(matcher.group(1));
	}

	/** The sum of a metric's samples whose labels contain the selector. */
	private static double sum(String metrics, String name, String selector) {
		return metrics.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains(selector))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static long mebibytes(double bytes) {
		return Math.round(bytes / (1 << 20));
	}

	private static long percentile(List<Long> sorted, int percent) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
	}

	private static void restartGateway() {
		Compose.compose("restart", "api-gateway");
		Compose.awaitHealthy(Compose.containers("api-gateway").get(0), HEALTHY);
	}

	/**
	 * One order's answer, how long it took, and when it was sent (seconds into the test).
	 */
	private record Outcome(int status, long millis, long sentAt) {

		@Override
		public String toString() {
			return this.status + " in " + this.millis + " ms at " + this.sentAt + " s";
		}

	}

}
