package com.example.shop.pki;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar dev-pki-exec.jar <directory> <service>...}: the start-up step that
 * gives every service its certificate before the services start.
 */
public final class DevPkiCommand {

	private DevPkiCommand() {
	}

	public static void main(String[] arguments) {
		if (arguments.length < 2) {
			System.err.println("usage: dev-pki <directory> <service>...");
			System.exit(2);
		}
		Path directory = Path.of(arguments[0]);
		List<String> services = Arrays.asList(arguments).subList(1, arguments.length);
		List<String> issued = new DevPki(directory, DevPki.SERVICE_VALIDITY).ensure(services);
		System.out.println("[dev-pki] " + directory.toAbsolutePath() + ": "
				+ (issued.isEmpty() ? "every certificate still valid" : "issued " + String.join(", ", issued)));
	}

}
