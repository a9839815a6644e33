package com.example.shop.paymentservice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.paymentservice.config.SecurityConfiguration;
import com.example.shop.paymentservice.payment.PaymentService;
import com.example.shop.paymentservice.payment.PaymentStatus;
import com.example.shop.paymentservice.payment.PaymentView;
import com.example.shop.security.ShopResourceServerAutoConfiguration;
import com.example.shop.security.openapi.ApiDocumentationAutoConfiguration;
import com.example.shop.testsupport.http.DocumentedAccess;
import com.example.shop.testsupport.http.DocumentedAccess.Operation;
import com.example.shop.testsupport.http.Json;
import com.example.shop.testsupport.http.ServiceApiDocument;
import com.example.shop.testsupport.platform.ServiceName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * The payment API's OpenAPI document tells the truth: every operation is called with a
 * token that has what its document names, and with tokens that lack each of those, and
 * answers as documented. The document serves only the public API (never
 * {@code /internal/**}), to the gateway only.
 */
@WebMvcTest(properties = { "shop.security.jwt.issuer-uri=http://localhost/realms/shop",
		"shop.security.jwt.jwk-set-uri=http://localhost/realms/shop/certs",
		"shop.security.jwt.audience=payment-service", "spring.mvc.problemdetails.enabled=true" })
@ImportAutoConfiguration({ ShopResourceServerAutoConfiguration.class, ApiDocumentationAutoConfiguration.class,
		SpringDocConfiguration.class, SpringDocConfigProperties.class, SpringDocWebMvcConfiguration.class,
		SpringDocPageableConfiguration.class })
@Import({ SecurityConfiguration.class, SimpleMeterRegistry.class })
class ApiDocumentationTests {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

	// No operation of the public API takes a body.
	private static final Map<String, String> BODIES = Map.of();

	private final ServiceApiDocument document;

	ApiDocumentationTests(@Autowired MockMvc mvc) {
		this.document = new ServiceApiDocument(mvc);
	}

	// Named as in production: @PreAuthorize refers to it as @paymentService.
	@MockitoBean(name = "paymentService")
	private PaymentService payments;

	@BeforeEach
	void answers() {
		PaymentView payment = new PaymentView(ID, ORDER, PaymentStatus.AUTHORIZED, new BigDecimal("12.50"), "EUR",
				Instant.parse("2026-11-29T10:00:00Z"));
		given(this.payments.listOwn(anyString(), any())).willReturn(new PageImpl<>(List.of(payment)));
		given(this.payments.listAll(any())).willReturn(new PageImpl<>(List.of(payment)));
		given(this.payments.find(ID)).willReturn(payment);
		given(this.payments.refund(ID)).willReturn(payment);
	}

	@Test
	void everyOperationWhenCalledWithAndWithoutWhatItsDocumentNamesThenAnsweredAsDocumented() throws Exception {
		List<Operation> operations = DocumentedAccess.read(this.document.read());
		assertThat(operations).extracting(Operation::toString)
			.containsExactlyInAnyOrder("GET /api/payments", "GET /api/payments/admin/all", "GET /api/payments/{id}",
					"POST /api/payments/{id}/refund");
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
			.contains("payments:read", "admin:read")
			.doesNotContain("payments:charge");
		String refund = String
			.valueOf(((Map<?, ?>) ((Map<?, ?>) document.get("paths")).get("/api/payments/{id}/refund")).get("post"));
		assertThat(refund).contains("200", "401", "403", "404", "409", "429", "application/problem+json");
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
		given(this.payments.isOwner(any(), anyString())).willReturn(owner);
	}

}
