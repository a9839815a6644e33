package com.example.shop.testsupport.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The access rules a service's OpenAPI document states for each operation, and the calls
 * that show the service enforces exactly those: the scopes of the operation's security
 * requirement ({@code security: []} for a public one), the roles and the ownership rule
 * of its {@code x-shop-access} extension. A rule changed in the document only, or in the
 * code only, makes one of the calls answer otherwise.
 */
public final class DocumentedAccess {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private DocumentedAccess() {
	}

	/**
	 * Every operation of an OpenAPI document.
	 * @param openApiJson the document
	 * @return its operations, in the document's order
	 */
	@SuppressWarnings("unchecked")
	public static List<Operation> read(String openApiJson) {
		Map<String, Object> document = Json.object(openApiJson);
		List<Operation> operations = new ArrayList<>();
		((Map<String, Object>) document.get("paths")).forEach((path, item) -> {
			((Map<String, Object>) item).forEach((method, value) -> {
				if (METHODS.contains(method)) {
					operations.add(Operation.of(method.toUpperCase(Locale.ROOT), path, (Map<String, Object>) value));
				}
			});
		});
		return operations;
	}

	/**
	 * Calls the operation with tokens that have everything its document names, and with
	 * tokens that lack each of those, one at a time.
	 * @param operation the operation
	 * @param caller makes the calls
	 * @return what was answered otherwise than the document says, empty when nothing
	 * @throws Exception when a call fails
	 */
	public static List<String> violations(Operation operation, Caller caller) throws Exception {
		List<String> violations = new ArrayList<>();
		if (!operation.documented()) {
			violations.add(operation + ": no x-shop-access extension");
			return violations;
		}
		if (operation.anonymous()) {
			expect(violations, operation, "without a token", caller.call(operation, null, false), 200);
			return violations;
		}
		Set<String> everything = new LinkedHashSet<>();
		operation.scopes().forEach((scope) -> everything.add("SCOPE_" + scope));
		operation.roles().forEach((role) -> everything.add("ROLE_" + role));
		expect(violations, operation, "without a token", caller.call(operation, null, false), 401);
		boolean owner = operation.ownerOrAdmin();
		expect(violations, operation, "with " + everything + (owner ? " as the owner" : ""),
				caller.call(operation, everything, owner), 200);
		for (String authority : everything) {
			Set<String> lacking = new LinkedHashSet<>(everything);
			lacking.remove(authority);
			expect(violations, operation, "without " + authority, caller.call(operation, lacking, owner), 403);
		}
		if (owner) {
			expect(violations, operation, "with " + everything + " as another user",
					caller.call(operation, everything, false), 404);
			Set<String> admin = new LinkedHashSet<>(everything);
			admin.add("ROLE_ADMIN");
			expect(violations, operation, "with " + admin + " as another user", caller.call(operation, admin, false),
					200);
		}
		return violations;
	}

	/**
	 * Expects a class of answers: 200 stands for any 2xx.
	 */
	private static void expect(List<String> violations, Operation operation, String call, int status, int expected) {
		boolean met = (expected == 200) ? (status >= 200 && status < 300) : (status == expected);
		if (!met) {
			violations.add(operation + " " + call + ": " + status + ", documented "
					+ ((expected == 200) ? "2xx" : String.valueOf(expected)));
		}
	}

	/**
	 * One operation as its document describes it.
	 *
	 * @param method the HTTP method
	 * @param path the path template, e.g. {@code /api/orders/{id}}
	 * @param operationId the operation's id
	 * @param documented whether it has the {@code x-shop-access} extension
	 * @param anonymous whether it is public ({@code security: []})
	 * @param scopes the scopes of its security requirement
	 * @param roles the roles its extension names
	 * @param ownerOrAdmin whether only the owner or an admin may have it (404 otherwise)
	 */
	public record Operation(String method, String path, String operationId, boolean documented, boolean anonymous,
			List<String> scopes, List<String> roles, boolean ownerOrAdmin) {

		@SuppressWarnings("unchecked")
		static Operation of(String method, String path, Map<String, Object> operation) {
			Map<String, Object> access = (Map<String, Object>) operation.get("x-shop-access");
			List<Object> security = (List<Object>) operation.get("security");
			List<String> scopes = new ArrayList<>();
			if (security != null) {
				for (Object requirement : security) {
					((Map<String, Object>) requirement).values()
						.forEach((names) -> ((List<Object>) names).forEach((name) -> scopes.add((String) name)));
				}
			}
			List<String> roles = new ArrayList<>();
			if (access != null) {
				((List<Object>) access.get("roles")).forEach((role) -> roles.add((String) role));
			}
			return new Operation(method, path, (String) operation.get("operationId"), access != null,
					security != null && security.isEmpty(), List.copyOf(scopes), List.copyOf(roles),
					access != null && Boolean.TRUE.equals(access.get("ownerOrAdmin")));
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/**
	 * Makes one call of an operation.
	 */
	@FunctionalInterface
	public interface Caller {

		/**
		 * Calls the operation.
		 * @param operation the operation
		 * @param authorities the token's authorities ({@code SCOPE_...},
		 * {@code ROLE_...}), or {@code null} for a call without a token
		 * @param owner whether the caller owns the resource the path names
		 * @return the answer's status
		 * @throws Exception when the call fails
		 */
		int call(Operation operation, Set<String> authorities, boolean owner) throws Exception;

	}

}
