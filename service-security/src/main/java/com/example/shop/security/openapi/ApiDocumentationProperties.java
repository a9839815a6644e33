package com.example.shop.security.openapi;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The service's OpenAPI document, bound from {@code shop.api-docs.*}.
 *
 * @param title the API's title
 * @param description what the API is for, in Markdown
 * @param scopes the scopes the API's operations use, each with what it grants
 */
@ConfigurationProperties("shop.api-docs")
public record ApiDocumentationProperties(String title, String description, Map<String, String> scopes) {

	public ApiDocumentationProperties {
		Assert.hasText(title, "shop.api-docs.title must be set");
		description = (description != null) ? description : "";
		scopes = (scopes != null) ? Map.copyOf(scopes) : Map.of();
	}

}
