package com.example.shop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import com.example.shop.pki.IssuedCertificate;
import com.example.shop.pki.PemFiles;
import com.example.shop.testsupport.containers.Containers;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

import org.springframework.util.FileSystemUtils;

/**
 * A Redis from the configured image that speaks TLS only, as a managed Redis does: no
 * plain port, a server certificate of the test's choosing, no client certificate asked
 * for. Tests read what reached it with {@code redis-cli} inside the container.
 */
final class TlsRedis implements AutoCloseable {

	/**
	 * Where the gateway reaches the containers (a name, or an address when the tests run
	 * in a container themselves); the right certificate names it.
	 */
	static final String HOST = DockerClientFactory.instance().dockerHostIpAddress();

	private static final String TLS = "/tls/";

	private final GenericContainer<?> container;

	private TlsRedis(IssuedCertificate certificate, X509Certificate ca) throws IOException {
		Path files = Files.createTempDirectory("redis-tls");
		try {
			PemFiles.writeTlsDirectory(files, certificate, ca);
			this.container = Containers.redis()
				.withCommand("redis-server", "--protected-mode", "no", "--port", "0", "--tls-port",
						String.valueOf(Containers.REDIS_PORT), "--tls-cert-file", TLS + PemFiles.CERTIFICATE,
						"--tls-key-file", TLS + PemFiles.PRIVATE_KEY, "--tls-ca-cert-file", TLS + PemFiles.CA,
						"--tls-auth-clients", "no");
			// The copies belong to root and Redis runs as its own user: all may
			// read them.
			for (String file : List.of(PemFiles.CERTIFICATE, PemFiles.PRIVATE_KEY, PemFiles.CA)) {
				this.container.withCopyToContainer(MountableFile.forHostPath(files.resolve(file), 0644), TLS + file);
			}
			this.container.start();
		}
		finally {
			FileSystemUtils.deleteRecursively(files);
		}
	}

	/**
	 * A started Redis.
	 * @param certificate what it presents
	 * @param ca the CA that {@code redis-cli} in the container trusts
	 * @return the running Redis
	 */
	static TlsRedis started(IssuedCertificate certificate, X509Certificate ca) {
		try {
			return new TlsRedis(certificate, ca);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.container.getMappedPort(Containers.REDIS_PORT);
	}

	/**
	 * Runs a command through {@code redis-cli} over TLS.
	 * @param command e.g. {@code DBSIZE}
	 * @return the answer
	 */
	String cli(String... command) {
		ExecResult result = exec(true, command);
		if (result.getExitCode() != 0) {
			throw new IllegalStateException("redis-cli failed: " + result.getStdout() + result.getStderr());
		}
		return result.getStdout().strip();
	}

	/**
	 * Runs a command through {@code redis-cli} in plain text, as a client without TLS.
	 * @param command e.g. {@code PING}
	 * @return the result
	 */
	ExecResult plainCli(String... command) {
		return exec(false, command);
	}

	String logs() {
		return this.container.getLogs();
	}

	private ExecResult exec(boolean tls, String... command) {
		List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(Containers.REDIS_PORT)));
		if (tls) {
			line.addAll(List.of("--tls", "--cacert", TLS + PemFiles.CA));
		}
		line.addAll(List.of(command));
		try {
			return this.container.execInContainer(line.toArray(String[]::new));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
