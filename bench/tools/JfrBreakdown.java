import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went: the share of samples with a frame of each
 * area somewhere in their stack (inclusive, so areas overlap), then the methods most
 * often on top of the stack (self time). Usage: {@code java JfrBreakdown.java edge.jfr}.
 */
public class JfrBreakdown {

	/** Areas of the gateway's request path, by the frames that belong to them. */
	private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

	static {
		AREAS.put("JWT: signature (RSA)", List.of("sun.security.rsa.", "java.math.BigInteger"));
		AREAS.put("JWT: decoder (Nimbus, Spring Security)", List.of("com.nimbusds.", "org.springframework.security.oauth2"));
		AREAS.put("Spring Security chains", List.of("org.springframework.security.web.server."));
		AREAS.put("rate limiter (SCG RedisRateLimiter, Lettuce)", List.of("org.springframework.cloud.gateway.filter.ratelimit.", "io.lettuce.", "org.springframework.data.redis."));
		AREAS.put("circuit breaker, time limiter, bulkhead", List.of("io.github.resilience4j.", "org.springframework.cloud.circuitbreaker."));
		AREAS.put("observations and metrics", List.of("io.micrometer."));
		AREAS.put("class loading", List.of("java.lang.ClassLoader.loadClass", "org.springframework.boot.loader.", "jdk.internal.loader."));
		AREAS.put("TLS to the backend", List.of("sun.security.ssl.", "io.netty.handler.ssl."));
		AREAS.put("Netty HTTP codec and I/O", List.of("io.netty.handler.codec.http.", "io.netty.channel.epoll.", "io.netty.channel.nio."));
		AREAS.put("Jackson", List.of("tools.jackson.", "com.fasterxml.jackson."));
		AREAS.put("logging", List.of("ch.qos.logback.", "org.apache.logging."));
	}

	public static void main(String[] args) throws IOException {
		Map<String, Integer> areas = new LinkedHashMap<>();
		Map<String, Integer> top = new HashMap<>();
		Map<String, Integer> loaders = new HashMap<>();
		int samples = 0;
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				samples++;
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				if (!frames.isEmpty()) {
					RecordedFrame leaf = frames.get(0);
					top.merge(leaf.getMethod().getType().getName() + "." + leaf.getMethod().getName(), 1, Integer::sum);
				}
				callerOfClassLoading(frames).ifPresent((caller) -> loaders.merge(caller, 1, Integer::sum));
				for (Map.Entry<String, List<String>> area : AREAS.entrySet()) {
					if (frames.stream().anyMatch((frame) -> matches(frame, area.getValue()))) {
						areas.merge(area.getKey(), 1, Integer::sum);
					}
				}
			}
		}
		System.out.printf("%d CPU samples%n%nshare of samples with a frame of (inclusive, areas overlap):%n", samples);
		for (String area : AREAS.keySet()) {
			System.out.printf("  %5.1f %%  %s%n", 100.0 * areas.getOrDefault(area, 0) / Math.max(1, samples), area);
		}
		System.out.printf("%nmethods on top of the stack (self):%n");
		int total = samples;
		top.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.limit(25)
			.forEach((entry) -> System.out.printf("  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
		if (!loaders.isEmpty()) {
			System.out.printf("%nwhat asked for classes (first frame below class loading):%n");
			loaders.entrySet()
				.stream()
				.sorted((a, b) -> b.getValue() - a.getValue())
				.limit(10)
				.forEach((entry) -> System.out.printf("  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
		}
	}

	/** The first frame below class loading (what asked for a class), if it is there. */
	private static java.util.Optional<String> callerOfClassLoading(List<RecordedFrame> frames) {
		List<String> loading = AREAS.get("class loading");
		boolean inside = false;
		for (RecordedFrame frame : frames) {
			boolean loader = matches(frame, loading) || frame.getMethod().getType().getName().startsWith("java.lang.Class");
			if (loader) {
				inside = true;
			}
			else if (inside) {
				return java.util.Optional.of(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
			}
		}
		return java.util.Optional.empty();
	}

	private static boolean matches(RecordedFrame frame, List<String> prefixes) {
		String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
		return prefixes.stream().anyMatch(name::startsWith);
	}

}
