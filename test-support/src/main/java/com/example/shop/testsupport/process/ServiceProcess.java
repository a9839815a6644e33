package com.example.shop.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceNamesResolverProvider;

/**
 * One of the platform's services run from its executable jar as a process of its own,
 * configured only through the environment variables a deployment sets, and stopped when
 * the JVM ends. It serves mutual TLS with its certificate from the {@link TestPki},
 * unless the environment names another {@code SHOP_TLS_DIR}. Its output goes to
 * {@code target/<name>-<port>-process.log}.
 */
public final class ServiceProcess {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private final String name;

	private final int port = LocalPorts.free();

	private final int managementPort = LocalPorts.free();

	private final ProcessBuilder builder;

	private volatile Process process;

	private ServiceProcess(String name, Path jar, Map<String, String> environment) {
		this.name = name;
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + name + " jar at " + jar + ": build it first (./mvnw verify)");
		}
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-Djdk.net.hosts.file=" + hostsFile(), "-jar", jar.toString());
		Map<String, String> variables = new HashMap<>();
		variables.put("SHOP_TLS_DIR", TestPki.get().tlsDirectory(name).toString());
		variables.put("SHOP_TLS_RELOAD_QUIET_PERIOD", "1s");
		variables.putAll(environment);
		variables.put("SERVER_PORT", String.valueOf(this.port));
		variables.put("MANAGEMENT_SERVER_PORT", String.valueOf(this.managementPort));
		builder.environment().putAll(variables);
		builder.redirectErrorStream(true).redirectOutput(log().toFile());
		this.builder = builder;
		this.process = launch();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-stop"));
	}

	/**
	 * Stops the service and starts it again, on the same ports with the same
	 * configuration, and waits until it is ready.
	 */
	public void restart() {
		stop();
		this.builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
		this.process = launch();
		awaitReady();
	}

	private Process launch() {
		try {
			return this.builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + this.name, ex);
		}
	}

	/**
	 * Starts a service and waits until its readiness probe answers.
	 * @param name the service's name, for logs and messages
	 * @param jar its executable jar
	 * @param environment its configuration
	 * @return the ready service
	 */
	public static ServiceProcess start(String name, Path jar, Map<String, String> environment) {
		ServiceProcess service = new ServiceProcess(name, jar, environment);
		service.awaitReady();
		return service;
	}

	/**
	 * The executable jar of a module of this build, as Failsafe names it in a system
	 * property {@code <module>.jar}.
	 * @param module e.g. {@code payment-service}
	 * @return the jar's path
	 */
	public static Path jarOf(String module) {
		return Path.of(System.getProperty(module + ".jar", "target/missing-" + module + ".jar"));
	}

	/**
	 * The service's mutual-TLS address, by its service name.
	 * @return e.g. {@code https://payment-service:41234}
	 */
	public URI url() {
		return URI.create("https://" + this.name + ":" + this.port);
	}

	/**
	 * Its management port's address: plain HTTP, as probes use it.
	 * @return e.g. {@code http://localhost:41235}
	 */
	public URI managementUrl() {
		return URI.create("http://localhost:" + this.managementPort);
	}

	public Path log() {
		return Path.of("target", this.name + "-" + this.port + "-process.log");
	}

	public void stop() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				this.process.onExit().get(20, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				this.process.destroyForcibly();
			}
		}
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newHttpClient();
		URI readiness = URI.create(managementUrl() + "/actuator/health/readiness");
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + log().toAbsolutePath());
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		stop();
		throw new IllegalStateException(this.name + " not ready within " + STARTUP_TIMEOUT + "; see " + log());
	}

	/**
	 * A hosts file for the service's JVM that resolves the service names to loopback, as
	 * {@link ServiceNamesResolverProvider} does in the test JVM.
	 */
	private static Path hostsFile() {
		try {
			Path hosts = Path.of("target", "service-hosts").toAbsolutePath();
			Files.createDirectories(hosts.getParent());
			Files.writeString(hosts, "127.0.0.1 localhost " + String.join(" ", ServiceNamesResolverProvider.names())
					+ " " + InetAddress.getLocalHost().getHostName() + "\n::1 localhost\n");
			return hosts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
