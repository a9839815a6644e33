package com.example.shop.testsupport.platform;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of this repository (the realm JSON, above all) so that tests use the one
 * copy that compose and Kubernetes use too.
 */
public final class RepositoryFiles {

	private static final String ROOT_PROPERTY = "shop.repository-root";

	private RepositoryFiles() {
	}

	/**
	 * The repository's copy of a file, given relative to the repository root.
	 * @param relative a path such as {@code auth-server/realm/shop-realm.json}
	 * @return the absolute path of the file
	 * @throws IllegalStateException when the file cannot be found
	 */
	public static Path resolve(String relative) {
		String configured = System.getProperty(ROOT_PROPERTY);
		if (configured != null && Files.isRegularFile(Path.of(configured, relative))) {
			return Path.of(configured, relative).toAbsolutePath();
		}
		// Started from an IDE: walk up from the working directory.
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve(relative))) {
				return dir.resolve(relative);
			}
		}
		throw new IllegalStateException(
				"Cannot find " + relative + "; set the system property " + ROOT_PROPERTY + " to the repository root");
	}

}
