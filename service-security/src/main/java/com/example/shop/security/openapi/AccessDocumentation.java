package com.example.shop.security.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.web.method.HandlerMethod;

/**
 * Writes an operation's {@link ApiAccess} into its OpenAPI description: the security
 * requirement with the scopes, the {@code x-shop-access} extension (scopes, roles,
 * ownership, public) for tools and tests, a sentence for people, and the problem answers
 * the rules give. Every 4xx and 5xx answer of an operation is documented as an RFC 9457
 * problem body, those the operation declares itself too.
 */
final class AccessDocumentation implements OperationCustomizer {

	static final String SCHEME = "keycloak";

	static final String EXTENSION = "x-shop-access";

	static final String PROBLEM_SCHEMA = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		ApiAccess access = handlerMethod.getMethodAnnotation(ApiAccess.class);
		if (access == null) {
			// Left without x-shop-access, which the documentation tests report.
			return operation;
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		if (access.anonymous()) {
			operation.setSecurity(List.of());
		}
		else {
			operation.addSecurityItem(new SecurityRequirement().addList(SCHEME, List.of(access.scopes())));
			respond(responses, "401", "No valid token: none, expired, or not meant for this service.");
			if (access.scopes().length > 0 || access.roles().length > 0) {
				respond(responses, "403", "The token lacks a scope, or the user a role, this operation needs.");
			}
			if (access.ownerOrAdmin()) {
				respond(responses, "404", "No such resource, or one of another user's.");
			}
		}
		respond(responses, "429", "Too many requests from this user or address (at the gateway); "
				+ "retry after the seconds in Retry-After.");
		respond(responses, "503", "The service, or the realm the token is checked against, cannot be reached; "
				+ "retry after the seconds in Retry-After.");
		responses.forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
			}
		});
		Map<String, Object> extension = new LinkedHashMap<>();
		extension.put("anonymous", access.anonymous());
		extension.put("scopes", List.of(access.scopes()));
		extension.put("roles", List.of(access.roles()));
		extension.put("ownerOrAdmin", access.ownerOrAdmin());
		operation.addExtension(EXTENSION, extension);
		String description = operation.getDescription();
		operation.setDescription(((description != null) ? description + "\n\n" : "") + sentence(access));
		return operation;
	}

	private static void respond(ApiResponses responses, String code, String description) {
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().description(description));
		}
	}

	/**
	 * The rule in words, e.g. "Access: a token with the scope `orders:read`, of a user
	 * with the role USER."
	 */
	static String sentence(ApiAccess access) {
		if (access.anonymous()) {
			return "**Access:** public, no token.";
		}
		List<String> parts = new ArrayList<>();
		parts.add((access.scopes().length == 0) ? "a valid token"
				: "a token with the scope" + ((access.scopes().length > 1) ? "s " : " ") + codes(access.scopes()));
		if (access.roles().length > 0) {
			parts.add("of a user with the role" + ((access.roles().length > 1) ? "s " : " ") + codes(access.roles()));
		}
		if (access.ownerOrAdmin()) {
			parts.add("for the resource's owner or an ADMIN (anyone else gets 404)");
		}
		return "**Access:** " + String.join(", ", parts) + ".";
	}

	private static String codes(String[] names) {
		List<String> quoted = new ArrayList<>();
		for (String name : names) {
			quoted.add("`" + name + "`");
		}
		return String.join(" and ", quoted);
	}

}
