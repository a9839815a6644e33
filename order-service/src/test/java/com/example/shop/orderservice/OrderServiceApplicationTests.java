package com.example.shop.orderservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application starts; health answers on the management port and only there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class OrderServiceApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private Environment environment;

	@Test
	void healthWhenManagementPortThenUp() throws Exception {
		HttpResponse<String> response = get("local.management.port", "/actuator/health/liveness");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void healthWhenApplicationPortThenNotFound() throws Exception {
		HttpResponse<String> response = get("local.server.port", "/actuator/health");

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String portProperty, String path) throws Exception {
		URI uri = URI.create("http://localhost:" + this.environment.getProperty(portProperty) + path);
		return this.http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

}
