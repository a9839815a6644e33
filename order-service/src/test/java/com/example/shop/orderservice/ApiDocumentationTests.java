package com.example.shop.orderservice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.orderservice.catalogue.ProductRepository;
import com.example.shop.orderservice.config.SecurityConfiguration;
import com.example.shop.orderservice.order.OrderService;
import com.example.shop.orderservice.order.OrderStatus;
import com.example.shop.orderservice.order.OrderView;
import com.example.shop.security.ShopResourceServerAutoConfiguration;
import com.example.shop.security.openapi.ApiDocumentationAutoConfiguration;
import com.example.shop.testsupport.http.DocumentedAccess;
import com.example.shop.testsupport.http.DocumentedAccess.Operation;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.http.ServiceApiDocument;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.configuration.SpringDocPageableConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

/**
 * The order API's OpenAPI document tells the truth: every operation is called with a
 * token that has what its document names, and with tokens that lack each of those, and
 * answers as documented. The document serves only the public API, to the gateway only.
 */
@WebMvcTest(properties = { "shop.security.jwt.issuer-uri=http://localhost/realms/shop",
		"shop.security.jwt.jwk-set-uri=http://localhost/realms/shop/certs", "shop.security.jwt.audience=order-service",
		"spring.mvc.problemdetails.enabled=true" })
@ImportAutoConfiguration({ ShopResourceServerAutoConfiguration.class, ApiDocumentationAutoConfiguration.class,
		SpringDocConfiguration.class, SpringDocConfigProperties.class, SpringDocWebMvcConfiguration.class,
		SpringDocPageableConfiguration.class })
@Import(SecurityConfiguration.class)
class ApiDocumentationTests {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private static final Map<String, String> BODIES = Map.of("placeOrder",
			"{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2}]}");

	private final ServiceApiDocument document;

	ApiDocumentationTests(@Autowired MockMvc mvc) {
		this.document = new ServiceApiDocument(mvc);
	}

	// Named as in production: @PreAuthorize refers to it as @orderService.
	@MockitoBean(name = "orderService")
	private OrderService orders;

	@MockitoBean
	private ProductRepository products;

	@BeforeEach
	void answers() {
		OrderView order = new OrderView(ID, OrderStatus.CONFIRMED,
				List.of(new OrderView.Line("MUG-001", 2, new BigDecimal("12.50"))), new BigDecimal("25.00"), "EUR",
				Instant.parse("2026-11-29T10:00:00Z"));
		given(this.orders.list(anyString(), any())).willReturn(new PageImpl<>(List.of(order)));
		given(this.orders.listAll(any())).willReturn(new PageImpl<>(List.of(order)));
		given(this.orders.find(ID)).willReturn(order);
		given(this.orders.place(anyString(), any(), any(), any())).willReturn(new OrderService.Placement(order, false));
		given(this.products.findByActiveTrueOrderBySku()).willReturn(List.of());
	}

	@Test
	void everyOperationWhenCalledWithAndWithoutWhatItsDocumentNamesThenAnsweredAsDocumented() throws Exception {
		List<Operation> operations = DocumentedAccess.read(this.document.read());
		assertThat(operations).extracting(Operation::toString)
			.containsExactlyInAnyOrder("GET /api/public/products", "GET /api/orders", "POST /api/orders",
					"GET /api/orders/{id}", "DELETE /api/orders/{id}", "GET /api/orders/admin/all");
		assertThat(this.document.violations(operations, ID, BODIES, this::owner)).isEmpty();
	}

	@Test
	void documentWhenReadThenOpenApi31WithTheRealmsCodeFlowTheGatewayAsServerAndProblemAnswers() throws Exception {
		Map<String, Object> document = Json.object(this.document.read());
		assertThat(document.get("openapi")).isEqualTo("3.1.0");
		assertThat(document.get("servers")).asString().contains("url=/");
		assertThat(document.get("components")).asString()
			.contains("authorizationUrl=http://localhost/realms/shop/protocol/openid-connect/auth")
			.contains("tokenUrl=http://localhost/realms/shop/protocol/openid-connect/token")
			.contains("orders:read", "orders:write", "admin:read");
		String place = String.valueOf(((Map<?, ?>) ((Map<?, ?>) document.get("paths")).get("/api/orders")).get("post"));
		assertThat(place).contains("201", "202", "400", "401", "403", "413", "422", "429", "application/problem+json",
				"Idempotency-Key");
	}

	@Test
	void documentWhenReadThenNoInternalOrManagementPath() throws Exception {
		Map<?, ?> paths = (Map<?, ?>) Json.object(this.document.read()).get("paths");
		assertThat(paths.keySet()).allSatisfy((path) -> assertThat(path.toString()).startsWith("/api/"));
	}

	@Test
	void documentWhenNoTokenThenUnauthorized() throws Exception {
		assertThat(this.document.statusOfDocumentFor(ServiceName.GATEWAY, false)).isEqualTo(401);
	}

	@Test
	void documentWhenCallerIsNotTheGatewayThenForbidden() throws Exception {
		for (String caller : List.of(ServiceName.PAYMENT_SERVICE, ServiceName.ORDER_SERVICE)) {
			assertThat(this.document.statusOfDocumentFor(caller, true)).as(caller).isEqualTo(403);
		}
	}

	private void owner(boolean owner) {
		given(this.orders.isOwner(any(), anyString())).willReturn(owner);
	}

}
