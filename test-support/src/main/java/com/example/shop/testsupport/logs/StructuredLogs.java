package com.example.shop.testsupport.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.shop.testsupport.http.Json;

/**
 * The platform's structured log lines, one JSON object per line (Elastic Common Schema,
 * as Spring Boot writes it), read from a process's output or from {@code docker compose
 * logs} (whose prefix before the object is skipped). Each line is flattened to dotted
 * field names ({@code log.level}, {@code user.id}), whether its writer nested the fields
 * or not. Lines that are not JSON objects (a JVM warning before logging starts) are left
 * out; {@link #unstructured} lists them.
 */
public final class StructuredLogs {

	private StructuredLogs() {
	}

	/**
	 * The structured lines of an output.
	 * @param output what a process wrote
	 * @return each JSON line, flattened, in order
	 */
	public static List<Map<String, Object>> parse(String output) {
		return output.lines()
			.map(StructuredLogs::object)
			.filter(Objects::nonNull)
			.map(StructuredLogs::flatten)
			.toList();
	}

	/**
	 * The structured lines whose field has this value.
	 * @param output what a process wrote
	 * @param field a dotted field name
	 * @param value its value, compared as text
	 * @return the matching lines, in order
	 */
	public static List<Map<String, Object>> withField(String output, String field, Object value) {
		String expected = String.valueOf(value);
		return parse(output).stream().filter((line) -> expected.equals(String.valueOf(line.get(field)))).toList();
	}

	/**
	 * The lines of an output that are not JSON objects.
	 * @param output what a process wrote
	 * @return those lines, blank ones left out
	 */
	public static List<String> unstructured(String output) {
		return output.lines().filter((line) -> !line.isBlank() && object(line) == null).toList();
	}

	private static Map<String, Object> object(String line) {
		int start = line.indexOf('{');
		String candidate = (start < 0) ? "" : line.substring(start).strip();
		if (!candidate.endsWith("}")) {
			return null;
		}
		try {
			return Json.object(candidate);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Map<String, Object> flatten(Map<String, Object> object) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("", object, flat);
		return flat;
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> object, Map<String, Object> flat) {
		object.forEach((name, value) -> {
			if (value instanceof Map<?, ?> nested) {
				flatten(prefix + name + ".", (Map<String, Object>) nested, flat);
			}
			else {
				flat.put(prefix + name, value);
			}
		});
	}

}
