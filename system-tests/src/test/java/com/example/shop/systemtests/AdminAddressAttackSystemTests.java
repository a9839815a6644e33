package com.example.shop.systemtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin operations from an address that is not allowed (another container on the
 * platform's network), with an admin's valid token: refused whatever the client says its
 * address is ({@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP}) and however
 * it writes the path; a refund tried that way leaves the payment as it was.
 */
class AdminAddressAttackSystemTests {

	private static final String HOST = "172.28.0.1";

	private final Attacks attacks = new Attacks("admin operations from a denied address");

	@Test
	void adminOperationsFromDeniedAddressThenForbiddenAndNothingChanged() {
		String alice = Platform.accessToken(DemoUser.ALICE);
		String admin = Platform.accessToken(DemoUser.ADMIN);
		assertThat(Attacks
			.send("POST", "/api/orders", Map.of("Authorization", "Bearer " + alice, "Content-Type", "application/json"),
					"{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}")
			.statusCode()).isEqualTo(201);
		String paymentId = firstPaymentId(alice);
		Object statusBefore = status(paymentId, alice);
		Map<String, String> token = Map.of("Authorization", "Bearer " + admin);
		List<Map<String, String>> spoofs = List.of(Map.of(), Map.of("X-Forwarded-For", HOST),
				Map.of("Forwarded", "for=" + HOST), Map.of("X-Real-IP", HOST),
				Map.of("X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1"));

		for (AdminOperation operation : AdminOperation.all(UUID.fromString(paymentId))) {
			for (Map<String, String> spoof : spoofs) {
				this.attacks.attempt(operation + " " + spoof,
						() -> assertThat(
								Attacks.fromDeniedAddress(operation.method(), operation.path(), merge(token, spoof)))
							.isEqualTo(403));
			}
			for (String variant : operation.variants().subList(0, 6)) {
				this.attacks.attempt(operation.method() + " " + variant,
						() -> assertThat(Attacks.fromDeniedAddress(operation.method(), variant, token)).isEqualTo(400));
			}
		}

		assertThat(status(paymentId, alice)).as("the payment after refund attempts").isEqualTo(statusBefore);
		this.attacks.verify();
	}

	private static String firstPaymentId(String token) {
		Map<String, Object> page = Json
			.object(Attacks.send("GET", "/api/payments?size=1", Attacks.bearer(token), null).body());
		List<?> content = (List<?>) page.get("content");
		assertThat(content).as("alice's payments").isNotEmpty();
		return (String) ((Map<?, ?>) content.get(0)).get("paymentId");
	}

	private static Object status(String paymentId, String token) {
		return Json.object(Attacks.send("GET", "/api/payments/" + paymentId, Attacks.bearer(token), null).body())
			.get("status");
	}

	private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
		Map<String, String> merged = new LinkedHashMap<>(first);
		merged.putAll(second);
		return merged;
	}

}
