package com.example.shop.systemtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling and size tricks in raw bytes on one connection to the gateway, each
 * carrying alice's valid token and an order: ambiguous framing is refused (or read one
 * way only), a second request hidden in the first is never answered as its own, oversized
 * bodies and headers are refused; no order is placed.
 */
class SmugglingAttackSystemTests {

	private static final String ORDER = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}";

	private final Attacks attacks = new Attacks("request smuggling and size tricks");

	@Test
	void ambiguousOrOversizedRequestsThenRefusedAndNoOrderPlaced() {
		String alice = Platform.accessToken(DemoUser.ALICE);
		long before = Attacks.orders(alice);
		String auth = "Authorization: Bearer " + alice + "\r\n";
		String smuggled = "POST /api/orders HTTP/1.1\r\nHost: localhost\r\n" + auth
				+ "Content-Type: application/json\r\nContent-Length: " + ORDER.length() + "\r\n\r\n" + ORDER;
		String head = "POST /api/public/products HTTP/1.1\r\nHost: localhost\r\n";

		Map<String, String> requests = new LinkedHashMap<>();
		requests.put("CL.TE: Content-Length and chunked",
				head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
		requests.put("TE.CL: chunked and a short Content-Length",
				head + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
						+ Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n");
		requests.put("obfuscated Transfer-Encoding",
				head + "Transfer-Encoding: xchunked\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled);
		requests.put("Transfer-Encoding with a space before the colon",
				head + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + smuggled);
		requests.put("two different Content-Lengths",
				head + "Content-Length: 0\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled);
		requests.put("absolute URI to an internal host",
				"GET http://payment-service:8443/internal/payments HTTP/1.1\r\nHost: localhost\r\n" + auth
						+ "Connection: close\r\n\r\n");
		requests.put("declared body over the limit", "POST /api/orders HTTP/1.1\r\nHost: localhost\r\n" + auth
				+ "Content-Type: application/json\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n" + ORDER);
		requests.put("chunked body over the limit",
				"POST /api/orders HTTP/1.1\r\nHost: localhost\r\n" + auth
						+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
						+ "11170\r\n{\"items\":[],\"x\":\"" + "x".repeat(0x11170 - 18) + "\"}\r\n0\r\n\r\n");
		requests.put("headers over the limit", "GET /api/orders HTTP/1.1\r\nHost: localhost\r\n" + auth + "X-Padding: "
				+ "a".repeat(20 * 1024) + "\r\nConnection: close\r\n\r\n");
		requests.put("NUL in the request line",
				"GET /api/orders\u0000 HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n");

		requests.forEach((name, request) -> this.attacks.attempt(name, () -> {
			List<Integer> statuses = Attacks.statuses(Attacks.raw(request));
			// A refusal, or the first request read alone (the catalogue refuses POST):
			// never an answer to the hidden order.
			assertThat(statuses).doesNotContain(201).allSatisfy((status) -> assertThat(status).isGreaterThan(399));
		}));
		this.attacks.attempt("nothing placed", () -> assertThat(Attacks.orders(alice)).isEqualTo(before));
		this.attacks.verify();
	}

}
