package com.example.shop.testsupport.http;

import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Reads a counter from a service's Prometheus endpoint on its management port.
 */
public final class Prometheus {

	private Prometheus() {
	}

	/**
	 * The sum of a metric's samples whose labels contain a given text; 0 when there are
	 * none yet.
	 * @param management e.g. {@code http://localhost:9090}
	 * @param metric the metric's Prometheus name, e.g.
	 * {@code shop_tls_inbound_connections_total}
	 * @param label a label to match, e.g. {@code caller="order-service"}
	 * @return the sum
	 */
	public static double sum(URI management, String metric, String label) {
		HttpResponse<String> response = new ApiClient(() -> management).get("/actuator/prometheus", null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Prometheus endpoint answered " + response.statusCode());
		}
		return response.body()
			.lines()
			// A metric without labels has no braces.
			.filter((line) -> (line.startsWith(metric + "{") || line.startsWith(metric + " ")) && line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
