package com.example.shop.orderservice.payment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.consumer.RecordingStream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.FeignClientBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The benchmark's order-service -> payment-service case: order-service's own payment
 * client ({@link PaymentClientConfiguration}'s pooled mutual-TLS Apache HttpClient under
 * Feign, {@link PaymentServiceClient} on top) calling a payment stand-in, once over
 * mutual TLS and once over plain HTTP with the same client, so that the ratio of the two
 * is what mutual TLS costs a warm pooled client. It lives in order-service's package to
 * use those classes as they are, package-private parts included.
 * <p>
 * The variants warm up together, taking turns, until both are steady; then they take
 * turns for the timed rounds. One line per round on stdout:
 * {@code round <n> <variant> <calls> <calls/s> <p50 ms>
 * <p99 ms> <not paid> <start epoch ms> <end epoch ms> <methods JIT-compiled>}; the caller
 * counts, on the server's side, the connections each round opened.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(PaymentClientConfiguration.class)
public class PaymentCallsBench {

	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PaymentCallsBench.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=payment-calls")
			.run(args)) {
			Environment environment = context.getEnvironment();
			String token = Files.readString(Path.of(environment.getRequiredProperty("bench.token-file"))).strip();
			int callers = environment.getRequiredProperty("bench.callers", Integer.class);
			Duration warmup = environment.getRequiredProperty("bench.warmup", Duration.class);
			Duration warmupMax = environment.getRequiredProperty("bench.warmup-max", Duration.class);
			Duration duration = environment.getRequiredProperty("bench.duration", Duration.class);
			int rounds = environment.getRequiredProperty("bench.rounds", Integer.class);
			Map<String, PaymentServiceClient> variants = new LinkedHashMap<>();
			variants.put("mtls", client(context, "payments-mtls", environment.getRequiredProperty("bench.mtls-url")));
			variants.put("plain",
					client(context, "payments-plain", environment.getRequiredProperty("bench.plain-url")));
			try (Jit jit = new Jit()) {
				warmUp(variants, token, callers, warmup, warmupMax, jit);
				for (int round = 1; round <= rounds; round++) {
					for (Map.Entry<String, PaymentServiceClient> variant : variants.entrySet()) {
						long compiled = jit.compiled();
						Result result = run(variant.getValue(), token, callers, duration);
						System.out.printf("round %d %s %s %d%n", round, variant.getKey(), result,
								jit.compiled() - compiled);
					}
				}
			}
		}
	}

	private static PaymentServiceClient client(ConfigurableApplicationContext context, String name, String url) {
		// Feign's client from order-service's configuration (the pooled mutual-TLS
		// HttpClient), with its encoder, decoder and timeouts, for one more address.
		PaymentServiceApi api = new FeignClientBuilder(context).forType(PaymentServiceApi.class, name).url(url).build();
		return new PaymentServiceClient(api);
	}

	/**
	 * Each variant at least the set time, then both in turns of 10 s windows until each
	 * one's last two windows agree within 5 % and the JIT compiled fewer than 100 methods
	 * in each of the last turn's windows (as the gateways' warm-up in {@code run.sh}), or
	 * each variant reached the cap. Warming one variant after the other is not enough:
	 * most of the code is shared, and the first one went on getting faster (from about
	 * 6,400 to 13,000 calls/s) while the JIT, which gets little of one CPU under 32
	 * callers, was still compiling for the second.
	 */
	private static void warmUp(Map<String, PaymentServiceClient> variants, String token, int callers, Duration warmup,
			Duration max, Jit jit) throws InterruptedException {
		for (PaymentServiceClient client : variants.values()) {
			run(client, token, callers, warmup);
		}
		Duration window = Duration.ofSeconds(10);
		Map<String, Double> previous = new LinkedHashMap<>();
		for (Duration spent = warmup; spent.compareTo(max) < 0; spent = spent.plus(window)) {
			boolean steady = true;
			for (Map.Entry<String, PaymentServiceClient> variant : variants.entrySet()) {
				long compiledBefore = jit.compiled();
				double rate = run(variant.getValue(), token, callers, window).perSecond();
				long compiled = jit.compiled() - compiledBefore;
				System.out.printf("warm-up %s %ds %.0f calls/s, %d methods compiled in the last 10 s%n",
						variant.getKey(), spent.plus(window).toSeconds(), rate, compiled);
				double ratio = rate / previous.getOrDefault(variant.getKey(), 0.0);
				steady &= ratio > 0.95 && ratio < 1 / 0.95 && compiled < 100;
				previous.put(variant.getKey(), rate);
			}
			if (steady) {
				return;
			}
		}
	}

	/** The callers call as fast as they are answered, each one call at a time. */
	private static Result run(PaymentServiceClient client, String token, int callers, Duration duration)
			throws InterruptedException {
		AtomicLong notPaid = new AtomicLong();
		List<long[]> latencies = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		long start = System.currentTimeMillis();
		long end = System.nanoTime() + duration.toNanos();
		for (int i = 0; i < callers; i++) {
			PaymentServiceClient.Charge charge = new PaymentServiceClient.Charge(UUID.randomUUID(),
					"order-" + UUID.randomUUID(), new BigDecimal("42.50"), "EUR", "bench-user");
			Recorder recorder = new Recorder();
			threads.add(Thread.ofPlatform().start(() -> {
				for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
					if (client.pay(charge, () -> token) != PaymentServiceClient.Outcome.PAID) {
						notPaid.incrementAndGet();
					}
					recorder.add(System.nanoTime() - now);
				}
				synchronized (latencies) {
					latencies.add(recorder.values());
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long finish = System.currentTimeMillis();
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Result(all.length, all.length * 1000.0 / Math.max(1, finish - start), percentile(all, 0.50),
				percentile(all, 0.99), notPaid.get(), start, finish);
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	/**
	 * Counts the methods the JIT compiles, from this JVM's own flight recorder (the
	 * {@code jdk.Compilation} event, every one): the count {@code jstat -compiler} gives
	 * the gateways' warm-up.
	 */
	private static final class Jit implements AutoCloseable {

		private final AtomicLong compiled = new AtomicLong();

		private final RecordingStream stream = new RecordingStream();

		Jit() {
			this.stream.enable("jdk.Compilation").withThreshold(Duration.ZERO);
			this.stream.onEvent("jdk.Compilation", (event) -> this.compiled.incrementAndGet());
			this.stream.startAsync();
		}

		long compiled() {
			return this.compiled.get();
		}

		@Override
		public void close() {
			this.stream.close();
		}

	}

	/** One caller's latencies, in nanoseconds. */
	private static final class Recorder {

		private long[] values = new long[4096];

		private int size;

		void add(long value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		long[] values() {
			return Arrays.copyOf(this.values, this.size);
		}

	}

	private record Result(long calls, double perSecond, double p50, double p99, long notPaid, long start, long end) {

		@Override
		public String toString() {
			return String.format("%d %.1f %.3f %.3f %d %d %d", this.calls, this.perSecond, this.p50, this.p99,
					this.notPaid, this.start, this.end);
		}

	}

}
