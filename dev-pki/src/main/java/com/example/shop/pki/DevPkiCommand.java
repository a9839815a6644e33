package com.example.shop.pki;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar dev-pki-exec.jar <directory> <service>...}: the start-up step that
 * gives every service its certificate before the services start.
 * {@code java -jar dev-pki-exec.jar rotate-ca trust-both|reissue|trust-new-only <directory>
 * <service>...}: one step of the rotation to a CA with a new key (docs/runbooks.md).
 */
public final class DevPkiCommand {

	private DevPkiCommand() {
	}

	public static void main(String[] arguments) {
		if (arguments.length >= 4 && arguments[0].equals("rotate-ca")) {
			DevPki.CaRotation step = DevPki.CaRotation.valueOf(arguments[1].toUpperCase(Locale.ROOT).replace('-', '_'));
			Path directory = Path.of(arguments[2]);
			List<String> written = new DevPki(directory, DevPki.SERVICE_VALIDITY).rotateCa(step,
					Arrays.asList(arguments).subList(3, arguments.length));
			System.out.println("[dev-pki] " + directory.toAbsolutePath() + ": rotate-ca " + arguments[1] + ": wrote "
					+ String.join(", ", written));
			return;
		}
		if (arguments.length < 2) {
			System.err.println("usage: dev-pki <directory> <service>...\n"
					+ "       dev-pki rotate-ca trust-both|reissue|trust-new-only <directory> <service>...");
			System.exit(2);
		}
		Path directory = Path.of(arguments[0]);
		List<String> services = Arrays.asList(arguments).subList(1, arguments.length);
		DevPki pki = new DevPki(directory, DevPki.SERVICE_VALIDITY);
		List<String> issued = pki.ensure(services);
		String outcome = pki.rotationInProgress() ? "a CA rotation is in progress (ca/next), nothing changed"
				: issued.isEmpty() ? "every certificate still valid" : "issued " + String.join(", ", issued);
		System.out.println("[dev-pki] " + directory.toAbsolutePath() + ": " + outcome);
	}

}
