package com.example.shop.security.openapi;

import java.net.URI;
import java.util.Map;

import com.example.shop.security.ShopJwtProperties;
import com.example.shop.security.ShopResourceServerAutoConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI document of a servlet service that has springdoc and names its API
 * ({@code shop.api-docs.title}): its title, the realm's OAuth2 scheme (authorization
 * code, at the realm's public address) with the API's scopes, the gateway as the only
 * server, and each operation's access rules ({@link ApiAccess}).
 * <p>
 * NOTE: the service answers its document only to the gateway's certificate with a valid
 * token (its {@code SecurityConfiguration}); people read it through the gateway's API
 * page, which is why the one server is the gateway's root ({@code /}).
 */
@AutoConfiguration(after = ShopResourceServerAutoConfiguration.class)
@ConditionalOnClass(OperationCustomizer.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnProperty(prefix = "shop.api-docs", name = "title")
@EnableConfigurationProperties(ApiDocumentationProperties.class)
public class ApiDocumentationAutoConfiguration {

	@Bean
	OpenAPI shopOpenApi(ApiDocumentationProperties api, ShopJwtProperties jwt) {
		URI issuer = jwt.issuerUri();
		Scopes scopes = new Scopes();
		api.scopes()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((scope) -> scopes.addString(scope.getKey(), scope.getValue()));
		OAuthFlow code = new OAuthFlow().authorizationUrl(issuer + "/protocol/openid-connect/auth")
			.tokenUrl(issuer + "/protocol/openid-connect/token")
			.scopes(scopes);
		SecurityScheme keycloak = new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
			.description("The shop realm's access tokens. At the gateway's API page the browser's session "
					+ "stands for them: the gateway sends each service a token exchanged for it.")
			.flows(new OAuthFlows().authorizationCode(code));
		return new OpenAPI().info(new Info().title(api.title()).description(api.description()).version("v1"))
			.addServersItem(new Server().url("/").description("The API gateway"))
			.components(new Components().addSecuritySchemes(AccessDocumentation.SCHEME, keycloak)
				.addSchemas(AccessDocumentation.PROBLEM_SCHEMA, problem()));
	}

	@Bean
	OperationCustomizer shopApiAccess() {
		return new AccessDocumentation();
	}

	/**
	 * RFC 9457 problem details, the body of every error answer.
	 */
	private static Schema<Object> problem() {
		Schema<Object> problem = typed("object", null).description("An RFC 9457 problem detail.");
		problem.addProperty("type", typed("string", "uri-reference"));
		problem.addProperty("title", typed("string", null));
		problem.addProperty("status", typed("integer", "int32"));
		problem.addProperty("detail", typed("string", null));
		problem.addProperty("instance", typed("string", "uri-reference"));
		return problem;
	}

	private static Schema<Object> typed(String type, String format) {
		Schema<Object> schema = new Schema<>();
		schema.addType(type);
		return (format != null) ? schema.format(format) : schema;
	}

}
