package com.example.shop.orderservice;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.Containers;
import com.example.shop.testsupport.ShopKeycloak;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real payment-service, run from its executable jar as a process of its own with its
 * own PostgreSQL, configured only through the environment variables a deployment sets.
 * Started once per test JVM.
 */
final class PaymentServiceProcess {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private final PostgreSQLContainer database = Containers.postgres()
		.withDatabaseName("payments")
		.withUsername("payment_service")
		.withPassword("payment-test-password");

	private final int port = freePort();

	private final int managementPort = freePort();

	private Process process;

	private PaymentServiceProcess() {
	}

	static PaymentServiceProcess get() {
		return Shared.INSTANCE;
	}

	URI url() {
		return URI.create("http://localhost:" + this.port);
	}

	/**
	 * The payment-service's database, for tests to check what it stored.
	 * @return the running container
	 */
	PostgreSQLContainer database() {
		return this.database;
	}

	private PaymentServiceProcess start() {
		this.database.start();
		Path jar = Path.of(System.getProperty("payment-service.jar", "../payment-service/target/missing.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No payment-service jar at " + jar + ": build it first (./mvnw verify)");
		}
		ShopKeycloak keycloak = ShopKeycloak.get();
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-jar", jar.toString());
		builder.environment()
			.putAll(Map.of("SERVER_PORT", String.valueOf(this.port), "MANAGEMENT_SERVER_PORT",
					String.valueOf(this.managementPort), "PAYMENT_DB_URL", this.database.getJdbcUrl(),
					"PAYMENT_DB_USERNAME", this.database.getUsername(), "PAYMENT_DB_PASSWORD",
					this.database.getPassword(), "KEYCLOAK_ISSUER_URI", keycloak.issuer(), "KEYCLOAK_JWK_SET_URI",
					keycloak.jwkSetUri().toString()));
		Path log = Path.of("target", "payment-service-process.log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start payment-service", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "payment-service-stop"));
		awaitReady(log);
		return this;
	}

	private void awaitReady(Path log) {
		HttpClient http = HttpClient.newHttpClient();
		URI readiness = URI.create("http://localhost:" + this.managementPort + "/actuator/health/readiness");
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("payment-service exited; see " + log.toAbsolutePath());
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
			sleep(Duration.ofMillis(500));
		}
		stop();
		throw new IllegalStateException("payment-service not ready within " + STARTUP_TIMEOUT + "; see " + log);
	}

	private void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				this.process.onExit().get(20, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				this.process.destroyForcibly();
			}
		}
		this.database.stop();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Shared {

		static final PaymentServiceProcess INSTANCE = new PaymentServiceProcess().start();

	}

}
