package com.example.shop.security.openapi;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an operation's {@link ApiAccess} is written into its OpenAPI description.
 */
class AccessDocumentationTests {

	private final AccessDocumentation documentation = new AccessDocumentation();

	@Test
	void customizeWhenScopesAndRolesThenSecurityRequirementExtensionSentenceAndProblemAnswers() throws Exception {
		Operation operation = this.documentation.customize(new Operation().description("Places an order."),
				handler("place"));

		assertThat(operation.getSecurity()).singleElement()
			.satisfies((requirement) -> assertThat(requirement)
				.containsExactly(Map.entry(AccessDocumentation.SCHEME, List.of("orders:write", "orders:read"))));
		assertThat(operation.getExtensions()).containsEntry(AccessDocumentation.EXTENSION, Map.of("anonymous", false,
				"scopes", List.of("orders:write", "orders:read"), "roles", List.of("USER"), "ownerOrAdmin", false));
		assertThat(operation.getDescription()).isEqualTo("Places an order.\n\n**Access:** a token with the scopes "
				+ "`orders:write` and `orders:read`, of a user with the role `USER`.");
		assertThat(operation.getResponses()).containsOnlyKeys("401", "403", "429", "503");
		assertThat(operation.getResponses().values()).allSatisfy(AccessDocumentationTests::isProblem);
	}

	@Test
	void customizeWhenOwnerOrAdminThenNotFoundAnswerAndSentence() throws Exception {
		Operation operation = this.documentation.customize(new Operation(), handler("get"));

		assertThat(operation.getResponses()).containsKeys("401", "403", "404");
		assertThat(operation.getDescription())
			.isEqualTo("**Access:** a token with the scope `orders:read`, for the resource's owner or an ADMIN "
					+ "(anyone else gets 404).");
		assertThat(operation.getExtensions().get(AccessDocumentation.EXTENSION)).asString()
			.contains("ownerOrAdmin=true");
	}

	@Test
	void customizeWhenRolesOnlyThenAValidTokenAndForbiddenAnswer() throws Exception {
		Operation operation = this.documentation.customize(new Operation(), handler("refund"));

		assertThat(operation.getSecurity()).singleElement()
			.satisfies((requirement) -> assertThat(requirement.get(AccessDocumentation.SCHEME)).isEmpty());
		assertThat(operation.getResponses()).containsKeys("401", "403").doesNotContainKey("404");
		assertThat(operation.getDescription())
			.isEqualTo("**Access:** a valid token, of a user with the roles `ADMIN` and `AUDITOR`.");
	}

	@Test
	void customizeWhenPublicThenEmptySecurityAndNoUnauthorizedAnswer() throws Exception {
		Operation operation = this.documentation.customize(new Operation(), handler("products"));

		assertThat(operation.getSecurity()).isEmpty();
		assertThat(operation.getResponses()).containsOnlyKeys("429", "503");
		assertThat(operation.getDescription()).isEqualTo("**Access:** public, no token.");
	}

	@Test
	void customizeWhenOperationDeclaresAnswersThenEachErrorIsAProblemAndOthersUntouched() throws Exception {
		ApiResponse created = new ApiResponse().description("Placed");
		ApiResponse conflict = new ApiResponse().description("Already paid");
		Operation operation = new Operation()
			.responses(new ApiResponses().addApiResponse("201", created).addApiResponse("409", conflict));

		this.documentation.customize(operation, handler("place"));

		assertThat(operation.getResponses().get("201").getContent()).isNull();
		assertThat(operation.getResponses().get("409").getDescription()).isEqualTo("Already paid");
		isProblem(operation.getResponses().get("409"));
	}

	@Test
	void customizeWhenNoApiAccessThenOperationUnchanged() throws Exception {
		Operation operation = new Operation().description("Something.");

		this.documentation.customize(operation, handler("undocumented"));

		assertThat(operation.getSecurity()).isNull();
		assertThat(operation.getExtensions()).isNull();
		assertThat(operation.getResponses()).isNull();
		assertThat(operation.getDescription()).isEqualTo("Something.");
	}

	private static void isProblem(ApiResponse response) {
		assertThat(response.getDescription()).isNotBlank();
		assertThat(response.getContent()).containsOnlyKeys("application/problem+json");
		assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
	}

	private static HandlerMethod handler(String name) throws NoSuchMethodException {
		Method method = Endpoints.class.getDeclaredMethod(name);
		return new HandlerMethod(new Endpoints(), method);
	}

	static class Endpoints {

		@ApiAccess(scopes = { "orders:write", "orders:read" }, roles = "USER")
		void place() {
		}

		@ApiAccess(scopes = "orders:read", ownerOrAdmin = true)
		void get() {
		}

		@ApiAccess(roles = { "ADMIN", "AUDITOR" })
		void refund() {
		}

		@ApiAccess(anonymous = true)
		void products() {
		}

		void undocumented() {
		}

	}

}
