package com.example.shop.testsupport.http;

import java.util.List;
import java.util.UUID;

import com.example.shop.testsupport.platform.ServiceName;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An operation that only an ADMIN may call, and the gateway only from the admin
 * addresses. The services' tests check that this list is exactly their ADMIN-only
 * operations; the gateway's tests that each is refused from any other address.
 *
 * @param service the service that serves it
 * @param method the HTTP method
 * @param pattern its path as the service maps it, such as
 * {@code /api/payments/{id}/refund}
 * @param segment the path segment that makes it an admin operation
 * @param id the id the path names, where it names one
 */
public record AdminOperation(String service, String method, String pattern, String segment, UUID id) {

	private static final List<AdminOperation> ALL = List.of(
			new AdminOperation(ServiceName.ORDER_SERVICE, "GET", "/api/orders/admin/all", "admin", null),
			new AdminOperation(ServiceName.PAYMENT_SERVICE, "GET", "/api/payments/admin/all", "admin", null),
			new AdminOperation(ServiceName.PAYMENT_SERVICE, "POST", "/api/payments/{id}/refund", "refund", null));

	/**
	 * Every ADMIN-only operation of order-service and payment-service.
	 * @param paymentId the payment a refund names
	 * @return the operations
	 */
	public static List<AdminOperation> all(UUID paymentId) {
		return ALL.stream()
			.map((operation) -> new AdminOperation(operation.service, operation.method, operation.pattern,
					operation.segment, paymentId))
			.toList();
	}

	/**
	 * The ADMIN-only operations of one service, as {@code METHOD pattern}.
	 * @param service the service's name
	 * @return the operations
	 */
	public static List<String> of(String service) {
		return ALL.stream()
			.filter((operation) -> operation.service.equals(service))
			.map((operation) -> operation.method + " " + operation.pattern)
			.toList();
	}

	/**
	 * The operations a servlet service serves to ADMINs only: those whose
	 * {@code @PreAuthorize} rule requires the ADMIN role or the {@code admin:read} scope
	 * with no alternative, as {@code METHOD pattern}.
	 * @param mappings the service's request mappings
	 * @return the operations
	 */
	public static List<String> servedBy(RequestMappingHandlerMapping mappings) {
		return mappings.getHandlerMethods().entrySet().stream().filter((entry) -> {
			PreAuthorize rule = entry.getValue().getMethodAnnotation(PreAuthorize.class);
			return rule != null && !rule.value().contains(" or ")
					&& (rule.value().contains("'ADMIN'") || rule.value().contains("admin:read"));
		})
			.flatMap((entry) -> entry.getKey()
				.getMethodsCondition()
				.getMethods()
				.stream()
				.flatMap((
						method) -> entry.getKey().getPatternValues().stream().map((pattern) -> method + " " + pattern)))
			.toList();
	}

	/**
	 * The canonical path of this operation.
	 * @return the path, its id filled in
	 */
	public String path() {
		return (this.id != null) ? this.pattern.replace("{id}", this.id.toString()) : this.pattern;
	}

	/**
	 * The paths an attacker writes for this operation ({@link PathVariants}).
	 * @return the variants
	 */
	public List<String> variants() {
		return PathVariants.of(path(), this.segment);
	}

	@Override
	public String toString() {
		return this.method + " " + path();
	}

}
