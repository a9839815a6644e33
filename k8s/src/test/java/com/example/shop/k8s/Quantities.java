package com.example.shop.k8s;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 250m}, {@code 2}, {@code 512Mi}, {@code 1G}) as
 * plain numbers, to compare or add them.
 */
final class Quantities {

	private static final Pattern QUANTITY = Pattern.compile("([0-9.]+)([a-zA-Z]*)");

	private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(Map.entry("", BigDecimal.ONE),
			Map.entry("m", new BigDecimal("0.001")), Map.entry("k", BigDecimal.valueOf(1000L)),
			Map.entry("M", BigDecimal.valueOf(1000_000L)), Map.entry("G", BigDecimal.valueOf(1000_000_000L)),
			Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
			Map.entry("Gi", BigDecimal.valueOf(1L << 30)));

	private Quantities() {
	}

	/**
	 * A quantity's value.
	 * @param quantity as written in a manifest (a string or a number)
	 * @return its value in base units (cores, bytes)
	 */
	static double parse(Object quantity) {
		Matcher matcher = QUANTITY.matcher(String.valueOf(quantity));
		if (!matcher.matches() || !SUFFIXES.containsKey(matcher.group(2))) {
			throw new IllegalArgumentException("Not a quantity this check knows: " + quantity);
		}
		return new BigDecimal(matcher.group(1)).multiply(SUFFIXES.get(matcher.group(2))).doubleValue();
	}

}
