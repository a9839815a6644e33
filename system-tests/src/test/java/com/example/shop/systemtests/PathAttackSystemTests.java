package com.example.shop.systemtests;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.keycloak.DemoUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path encodings against every path-based rule of the edge, from this machine (an allowed
 * admin address) with an admin's token: single, double and mixed-case percent-encodings,
 * dot segments, separators and case variants of the admin operations, the never-routed
 * internal and actuator paths, and the neighbours of the public catalogue and of the API
 * documents. None reaches a service in a form a rule did not read.
 */
class PathAttackSystemTests {

	private final Attacks attacks = new Attacks("path encodings");

	@Test
	void pathVariantsOfEveryRuleThenRefusedBeforeAnyRule() {
		String admin = Platform.accessToken(DemoUser.ADMIN);
		String alice = Platform.accessToken(DemoUser.ALICE);

		for (AdminOperation operation : AdminOperation.all(UUID.randomUUID())) {
			this.attacks.attempt(operation + " canonical (control: routed)",
					() -> assertThat(send(operation.method(), operation.path(), admin)).isIn(200, 404));
			for (String variant : operation.variants()) {
				this.attacks.attempt(operation.method() + " " + variant,
						() -> assertThat(send(operation.method(), variant, admin)).isEqualTo(400));
			}
			for (String variant : List.of(operation.path().toUpperCase(), operation.path().replace("admin", "ADMIN"),
					operation.path().replace("refund", "Refund"))) {
				if (!variant.equals(operation.path())) {
					this.attacks.attempt(operation.method() + " " + variant + " (case)",
							() -> assertThat(send(operation.method(), variant, alice)).isGreaterThanOrEqualTo(400));
				}
			}
		}
		for (String path : List.of("/internal/payments", "/%69nternal/payments", "/INTERNAL/payments",
				"/api/orders/../../internal/payments", "/api/payments/..%2f..%2finternal%2fpayments", "/actuator/env",
				"/Actuator/env", "/actuator/health", "/%61ctuator/env", "/fallback/unavailable",
				"/api/public/../orders", "/api/public/%2e%2e/orders", "/api/public/products/..;/../orders",
				"/api/public/products%2f..%2f..%2forders", "/api//orders", "/API/orders",
				// The API documents' routes lead to the services' documents and nowhere
				// else.
				"/v3/api-docs", "/api-docs/orders/../../internal/payments", "/api-docs/%2e%2e/internal/payments",
				"/api-docs/orders%2f..%2f..%2finternal%2fpayments", "/api-docs/orders/..;/../actuator/env")) {
			this.attacks.attempt("GET " + path, () -> assertThat(send("GET", path, alice)).isIn(400, 401, 403, 404));
		}

		this.attacks.verify();
	}

	private static int send(String method, String path, String token) {
		return Attacks.send(method, path, Attacks.bearer(token), null).statusCode();
	}

}
