package com.example.shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.shop.testsupport.platform.RepositoryFiles;

/**
 * The running compose project of the system tests ({@code compose.sh}), driven through
 * the Docker and Compose command lines: its containers, commands in them, and changes to
 * them.
 */
final class Compose {

	static final String PROJECT = "shop-system-tests";

	private Compose() {
	}

	/**
	 * The running containers of a service.
	 * @param service a service of docker-compose.yml
	 * @return their ids, oldest replica first
	 */
	static List<String> containers(String service) {
		return run(Duration.ofMinutes(1), "docker", "ps", "--filter", "label=com.docker.compose.project=" + PROJECT,
				"--filter", "label=com.docker.compose.service=" + service, "--format",
				"{{.Label \"com.docker.compose.container-number\"}} {{.ID}}")
			.lines()
			.sorted()
			.map((line) -> line.substring(line.indexOf(' ') + 1))
			.toList();
	}

	/**
	 * A command in the first running container of a service.
	 * @param service the service
	 * @param environment variables for the command
	 * @param command the command and its arguments
	 * @return its output
	 */
	static String exec(String service, Map<String, String> environment, String... command) {
		List<String> containers = containers(service);
		if (containers.isEmpty()) {
			throw new IllegalStateException("No running " + service + " container of " + PROJECT);
		}
		List<String> docker = new ArrayList<>(List.of("docker", "exec"));
		environment.forEach((name, value) -> docker.addAll(List.of("-e", name + "=" + value)));
		docker.add(containers.get(0));
		docker.addAll(List.of(command));
		return run(Duration.ofMinutes(1), docker.toArray(String[]::new));
	}

	/**
	 * Runs {@code docker compose} on the project, from the repository's root.
	 * @param arguments what follows {@code docker compose -p <project>}
	 * @return its output
	 */
	static String compose(String... arguments) {
		List<String> command = new ArrayList<>(composeCommand());
		command.addAll(List.of("-p", PROJECT));
		command.addAll(List.of(arguments));
		return run(Duration.ofMinutes(5), command.toArray(String[]::new));
	}

	/**
	 * The Compose plugin where Docker has it, else the standalone docker-compose (as
	 * compose.sh).
	 */
	private static List<String> composeCommand() {
		try {
			run(Duration.ofSeconds(30), "docker", "compose", "version");
			return List.of("docker", "compose");
		}
		catch (IllegalStateException ex) {
			return List.of("docker-compose");
		}
	}

	/**
	 * Waits until a container's healthcheck reports healthy.
	 * @param container the container's id
	 * @param timeout how long at most
	 */
	static void awaitHealthy(String container, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (!"healthy"
			.equals(run(Duration.ofSeconds(30), "docker", "inspect", "-f", "{{.State.Health.Status}}", container)
				.strip())) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(container + " not healthy after " + timeout);
			}
			sleep(Duration.ofSeconds(1));
		}
	}

	/**
	 * Runs a command from the repository's root.
	 * @param timeout how long it may take
	 * @param command the command and its arguments
	 * @return its standard output (its errors go into the exception when it fails)
	 */
	static String run(Duration timeout, String... command) {
		try {
			Path errors = Files.createTempFile("command", ".err");
			try {
				Process process = new ProcessBuilder(command)
					.directory(RepositoryFiles.resolve("mvnw").getParent().toFile())
					.redirectError(errors.toFile())
					.start();
				String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException(
							String.join(" ", command) + " failed: " + out + Files.readString(errors));
				}
				return out;
			}
			finally {
				Files.delete(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
