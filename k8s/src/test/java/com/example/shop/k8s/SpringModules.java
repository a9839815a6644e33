package com.example.shop.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.shop.testsupport.platform.RepositoryFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Spring Boot module an image is built from, and what its application.yml says about
 * the way it stops.
 */
final class SpringModules {

	private SpringModules() {
	}

	/**
	 * The module of an image such as
	 * {@code registry.example.com/shop/order-service:0.1.0}.
	 * @param image the container's image
	 * @return the module's directory name, {@code null} if the image is not one of them
	 */
	static String of(String image) {
		String name = image.substring(image.lastIndexOf('/') + 1).split(":")[0];
		return Files.isRegularFile(configuration(name)) ? name : null;
	}

	/**
	 * How long the module's server may take to finish its requests when it is stopped:
	 * Spring Boot's {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s when
	 * unset), zero when {@code server.shutdown} is {@code immediate}.
	 * @param module a Spring Boot module
	 * @return the shutdown phase's timeout
	 */
	static Duration shutdownPhase(String module) {
		Map<String, Object> yaml = read(module);
		if ("immediate".equals(Manifests.map(yaml, "server").get("shutdown"))) {
			return Duration.ZERO;
		}
		Object timeout = Manifests.map(yaml, "spring", "lifecycle").get("timeout-per-shutdown-phase");
		return (timeout != null) ? Duration.parse("PT" + timeout.toString().toUpperCase()) : Duration.ofSeconds(30);
	}

	private static Map<String, Object> read(String module) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(configuration(module)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path configuration(String module) {
		// mvnw is only at the repository's root.
		return RepositoryFiles.resolve("mvnw").resolveSibling(module).resolve("src/main/resources/application.yml");
	}

}
