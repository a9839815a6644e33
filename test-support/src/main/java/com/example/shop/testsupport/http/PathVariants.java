package com.example.shop.testsupport.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an attacker writes a path so that a rule reading one form of it misses what the
 * router or the service reads: each variant names the same resource to a lenient reader
 * (one that decodes, removes dot segments, merges slashes or drops matrix parameters),
 * and none is the canonical text. Used against every path-based rule of the edge.
 */
public final class PathVariants {

	private PathVariants() {
	}

	/**
	 * The variants of a path, built around one of its segments.
	 * @param path a canonical path such as {@code /api/orders/admin/all}
	 * @param segment the segment a rule keys on, such as {@code admin}
	 * @return the variants, the canonical path not among them
	 */
	public static List<String> of(String path, String segment) {
		String marker = "/" + segment;
		int at = path.indexOf(marker);
		if (at < 0) {
			throw new IllegalArgumentException(segment + " is not a segment of " + path);
		}
		String before = path.substring(0, at);
		String after = path.substring(at + marker.length());
		Set<String> variants = new LinkedHashSet<>();
		// Percent-encodings of plain letters: single, upper and lower case hex, mixed,
		// every letter, and double.
		for (String encoded : encodings(segment)) {
			variants.add(before + "/" + encoded + after);
		}
		// Dot segments, plain and encoded.
		variants.add(before + "/x/.." + marker + after);
		variants.add(before + "/." + marker + after);
		variants.add(before + marker + "/." + after);
		variants.add(before + "/x/%2e%2e" + marker + after);
		variants.add(before + "/x/%2E%2E" + marker + after);
		variants.add(before + "/%2e" + marker + after);
		variants.add(before + "/x/%252e%252e" + marker + after);
		// Separators: doubled, encoded, backslash, matrix parameters, trailing.
		variants.add(before + "/" + marker + after);
		variants.add(before + marker + "/" + after);
		variants.add(before + "%2f" + segment + after);
		variants.add(before + "%2F" + segment + after.replace("/", "%2F"));
		variants.add(before + "%5c" + segment + after);
		variants.add(before + marker + ";x=1" + after);
		variants.add(before + ";" + marker + after);
		variants.add(path + ";");
		variants.add(path + "/");
		variants.add(path + "/.");
		variants.add(path + "%00");
		variants.add(path + "%20");
		variants.remove(path);
		return List.copyOf(variants);
	}

	private static List<String> encodings(String segment) {
		List<String> encodings = new ArrayList<>();
		String first = hex(segment.charAt(0));
		String last = hex(segment.charAt(segment.length() - 1));
		encodings.add(first.toLowerCase(Locale.ROOT) + segment.substring(1));
		encodings.add(first.toUpperCase(Locale.ROOT) + segment.substring(1));
		encodings.add(segment.substring(0, segment.length() - 1) + last.toUpperCase(Locale.ROOT));
		encodings.add(segment.substring(0, segment.length() - 1) + last.toLowerCase(Locale.ROOT));
		StringBuilder all = new StringBuilder();
		StringBuilder mixed = new StringBuilder();
		for (int i = 0; i < segment.length(); i++) {
			String encoded = hex(segment.charAt(i));
			all.append(encoded);
			mixed.append((i % 2 == 0) ? encoded.toLowerCase(Locale.ROOT) : String.valueOf(segment.charAt(i)));
		}
		encodings.add(all.toString());
		encodings.add(mixed.toString());
		encodings.add("%25" + first.substring(1) + segment.substring(1));
		return encodings;
	}

	private static String hex(char c) {
		return String.format("%%%02X", (int) c);
	}

}
