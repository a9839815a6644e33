package com.example.shop.testsupport;

import java.util.List;
import java.util.UUID;

/**
 * An operation that only an ADMIN may call, and the gateway only from the admin
 * addresses.
 *
 * @param method the HTTP method
 * @param path its canonical path
 * @param segment the path segment that makes it an admin operation
 */
public record AdminOperation(String method, String path, String segment) {

	/**
	 * Every ADMIN-only operation of order-service and payment-service.
	 * @param paymentId the payment a refund names
	 * @return the operations
	 */
	public static List<AdminOperation> all(UUID paymentId) {
		return List.of(new AdminOperation("GET", "/api/orders/admin/all", "admin"),
				new AdminOperation("GET", "/api/payments/admin/all", "admin"),
				new AdminOperation("POST", "/api/payments/" + paymentId + "/refund", "refund"));
	}

	/**
	 * The paths an attacker writes for this operation ({@link PathVariants}).
	 * @return the variants
	 */
	public List<String> variants() {
		return PathVariants.of(this.path, this.segment);
	}

	@Override
	public String toString() {
		return this.method + " " + this.path;
	}

}
