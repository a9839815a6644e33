package com.example.shop.paymentservice.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.example.shop.paymentservice.config.SecurityConfiguration;
import com.example.shop.security.ShopResourceServerAutoConfiguration;
import com.example.shop.security.audit.AuditEvents;
import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.logs.AuditCounts;
import com.example.shop.testsupport.logs.CapturedLog;
import com.example.shop.testsupport.pki.CallerCertificates;
import com.example.shop.testsupport.platform.ServiceName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every rule of the payment API, allowed and denied, with the service mocked: the calling
 * service's certificate, then the token's roles, scopes and ownership.
 */
@WebMvcTest(controllers = { PaymentController.class, InternalPaymentController.class },
		properties = { "shop.security.jwt.issuer-uri=http://localhost/realms/shop",
				"shop.security.jwt.jwk-set-uri=http://localhost/realms/shop/certs",
				"shop.security.jwt.audience=payment-service", "spring.mvc.problemdetails.enabled=true" })
@ImportAutoConfiguration(ShopResourceServerAutoConfiguration.class)
@Import({ SecurityConfiguration.class, SimpleMeterRegistry.class })
class PaymentControllerTests {

	private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

	private static final RequestPostProcessor FROM_ORDER_SERVICE = CallerCertificates.from(ServiceName.ORDER_SERVICE);

	private static final String BODY = "{\"orderId\":\"" + ORDER + "\",\"amount\":\"12.50\",\"currency\":\"EUR\"}";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry meters;

	private final CapturedLog audit = CapturedLog.of(AuditEvents.LOGGER);

	@AfterEach
	void releaseAuditLog() {
		this.audit.close();
	}

	// Named as in production: @PreAuthorize refers to it as @paymentService.
	@MockitoBean(name = "paymentService")
	private PaymentService paymentService;

	/**
	 * The gateway routes these as admin operations (address allow-list); a new ADMIN-only
	 * operation must be added to that list too, or this test fails.
	 */
	@Test
	void adminOnlyOperationsThenExactlyThoseTheGatewayTreatsAsAdminOperations(
			@Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
		assertThat(AdminOperation.servedBy(mappings))
			.containsExactlyInAnyOrderElementsOf(AdminOperation.of(ServiceName.PAYMENT_SERVICE));
	}

	@Test
	void listWhenNoTokenThenUnauthorizedWithBearerChallengeAndProblem() throws Exception {
		this.mvc.perform(get("/api/payments"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void listWhenScopeMissingThenForbiddenInsufficientScope() throws Exception {
		this.mvc.perform(get("/api/payments").with(user("alice", "SCOPE_orders:read", "ROLE_USER")))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")))
			.andExpect(jsonPath("$.status").value(403));
		verify(this.paymentService, never()).listOwn(anyString(), any());
	}

	@Test
	void listWhenRoleMissingThenForbidden() throws Exception {
		this.mvc.perform(get("/api/payments").with(user("svc", "SCOPE_payments:read")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).listOwn(anyString(), any());
	}

	@Test
	void listWhenUserThenOwnPaymentsOnly() throws Exception {
		given(this.paymentService.listOwn(eq("alice"), any(Pageable.class)))
			.willReturn(new PageImpl<>(List.of(view())));

		this.mvc.perform(get("/api/payments").with(user("alice", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].paymentId").value(PAYMENT.toString()));
		assertThat(this.audit.fields()).as("a user's own list is no audit event").isEmpty();
	}

	@Test
	void listWhenAdminThenOwnPaymentsOnly() throws Exception {
		given(this.paymentService.listOwn(eq("root"), any(Pageable.class))).willReturn(new PageImpl<>(List.of()));

		this.mvc.perform(get("/api/payments").with(user("root", "SCOPE_payments:read", "ROLE_USER", "ROLE_ADMIN")))
			.andExpect(status().isOk());
		verify(this.paymentService).listOwn(eq("root"), any(Pageable.class));
		verify(this.paymentService, never()).listAll(any());
	}

	@Test
	void allWhenAdminWithAdminScopeThenAllPaymentsAndAudited() throws Exception {
		given(this.paymentService.listAll(any(Pageable.class))).willReturn(new PageImpl<>(List.of(view())));

		this.mvc
			.perform(get("/api/payments/admin/all")
				.with(user("root", "SCOPE_payments:read", "SCOPE_admin:read", "ROLE_USER", "ROLE_ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].paymentId").value(PAYMENT.toString()));
		assertThat(this.audit.fields()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "list-all")
				.containsEntry("event.outcome", "success")
				.containsEntry("user.id", "root"));
	}

	@Test
	void allWhenUserOrAdminWithoutAdminScopeThenForbiddenAndNothingRead() throws Exception {
		this.mvc.perform(get("/api/payments/admin/all").with(user("alice", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(
					get("/api/payments/admin/all").with(user("root", "SCOPE_payments:read", "ROLE_USER", "ROLE_ADMIN")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/payments/admin/all").with(user("svc", "SCOPE_payments:read", "SCOPE_admin:read")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).listAll(any());
	}

	@Test
	void getWhenOwnerThenPayment() throws Exception {
		given(this.paymentService.isOwner(PAYMENT, "alice")).willReturn(true);
		given(this.paymentService.find(PAYMENT)).willReturn(view());

		this.mvc.perform(get("/api/payments/{id}", PAYMENT).with(user("alice", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.orderId").value(ORDER.toString()))
			.andExpect(jsonPath("$.ownerSub").doesNotExist())
			.andExpect(jsonPath("$.id").doesNotExist());
	}

	@Test
	void getWhenNotOwnerThenNotFoundAndNothingRead() throws Exception {
		given(this.paymentService.isOwner(PAYMENT, "bob")).willReturn(false);

		this.mvc.perform(get("/api/payments/{id}", PAYMENT).with(user("bob", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.status").value(404));
		verify(this.paymentService, never()).find(any());
	}

	@Test
	void getWhenAdminThenAnyPayment() throws Exception {
		given(this.paymentService.find(PAYMENT)).willReturn(view());

		this.mvc
			.perform(get("/api/payments/{id}", PAYMENT)
				.with(user("root", "SCOPE_payments:read", "ROLE_USER", "ROLE_ADMIN")))
			.andExpect(status().isOk());
	}

	@Test
	void refundWhenUserThenForbiddenAndNothingRefunded() throws Exception {
		double refunds = AuditCounts.of(this.meters, "payment-refund", "success", "none");
		this.mvc
			.perform(post("/api/payments/{id}/refund", PAYMENT).with(user("alice", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).refund(any());
		// Audited as the refusal it is, never as a refund.
		assertThat(this.audit.fields()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "access-check")
				.containsEntry("user.id", "alice"));
		assertThat(AuditCounts.of(this.meters, "payment-refund", "success", "none")).isEqualTo(refunds);
	}

	@Test
	void refundWhenAdminThenRefundedAndAuditedWithWhoAndWhich() throws Exception {
		given(this.paymentService.refund(PAYMENT)).willReturn(view());
		double refunds = AuditCounts.of(this.meters, "payment-refund", "success", "none");

		this.mvc.perform(post("/api/payments/{id}/refund", PAYMENT).with(user("root", "ROLE_ADMIN")))
			.andExpect(status().isOk());
		verify(this.paymentService).refund(PAYMENT);
		assertThat(this.audit.fields()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "payment-refund")
				.containsEntry("event.outcome", "success")
				.containsEntry("user.id", "root")
				.containsEntry("shop.payment.id", PAYMENT.toString()));
		assertThat(AuditCounts.of(this.meters, "payment-refund", "success", "none")).isEqualTo(refunds + 1);
	}

	@Test
	void refundWhenNotAuthorizedPaymentThenConflictAndAuditedAsRefused() throws Exception {
		given(this.paymentService.refund(PAYMENT)).willThrow(PaymentErrors.notRefundable());
		double refused = AuditCounts.of(this.meters, "payment-refund", "failure", "conflict");

		this.mvc.perform(post("/api/payments/{id}/refund", PAYMENT).with(user("root", "ROLE_ADMIN")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("Only an authorized payment can be refunded."));
		assertThat(this.audit.fields()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("event.action", "payment-refund")
				.containsEntry("event.outcome", "failure")
				.containsEntry("event.reason", "conflict")
				.containsEntry("user.id", "root"));
		assertThat(AuditCounts.of(this.meters, "payment-refund", "failure", "conflict")).isEqualTo(refused + 1);
	}

	@Test
	void authorizeWhenUserWithKeyThenCreated() throws Exception {
		given(this.paymentService.authorize(eq(new PaymentRequester("alice", "order-service", "order-service")),
				eq("key-0000001"), any()))
			.willReturn(new PaymentService.Authorization(view(), false));

		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(exchangedUser("alice", "ROLE_USER"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/payments/" + PAYMENT))
			.andExpect(header().string("Idempotent-Replayed", "false"));
	}

	@Test
	void authorizeWhenNoUserRoleThenForbiddenAndNothingAuthorized() throws Exception {
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(exchangedUser("svc"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenKeyMissingOrMalformedThenBadRequest() throws Exception {
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(exchangedUser("alice", "ROLE_USER"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(exchangedUser("alice", "ROLE_USER"))
				.header("Idempotency-Key", "short")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isBadRequest());
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenBodyInvalidThenBadRequest() throws Exception {
		for (String body : List.of("{\"orderId\":\"" + ORDER + "\",\"amount\":\"-1\",\"currency\":\"EUR\"}",
				"{\"orderId\":\"" + ORDER + "\",\"amount\":\"1.001\",\"currency\":\"EUR\"}",
				"{\"orderId\":\"" + ORDER + "\",\"amount\":\"1\",\"currency\":\"eur\"}", "{\"amount\":\"1\"}",
				"not json")) {
			this.mvc
				.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
					.with(exchangedUser("alice", "ROLE_USER"))
					.header("Idempotency-Key", "key-0000001")
					.contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isBadRequest());
		}
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenGatewayCertificateThenForbiddenAndNothingAuthorized() throws Exception {
		this.mvc
			.perform(post("/internal/payments").with(CallerCertificates.from(ServiceName.GATEWAY))
				.with(user("alice", "ROLE_USER"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The calling service may not call this path."));
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void listWhenOrderServiceCertificateThenForbidden() throws Exception {
		this.mvc
			.perform(get("/api/payments").with(FROM_ORDER_SERVICE)
				.with(user("alice", "SCOPE_payments:read", "ROLE_USER")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).listOwn(anyString(), any());
	}

	@Test
	void requestWhenNoClientCertificateThenForbiddenBeforeTheToken() throws Exception {
		this.mvc.perform(get("/api/payments").with(CallerCertificates.none()))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist("WWW-Authenticate"));
	}

	@Test
	void authorizeWhenServiceTokenWithChargeScopeThenPaidForTheNamedCustomer() throws Exception {
		given(this.paymentService.authorize(eq(new PaymentRequester("alice-sub", "order-service", "order-service")),
				eq("key-0000001"), any()))
			.willReturn(new PaymentService.Authorization(view(), true));

		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(serviceToken("SCOPE_payments:charge"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY.replace("}", ",\"customerId\":\"alice-sub\"}")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"));
	}

	@Test
	void authorizeWhenTokenWithoutUserIsAnotherClientsThenForbiddenAndNothingAuthorized() throws Exception {
		// The charge scope on a token order-service did not get for itself: refused,
		// with or without a customer named.
		JwtRequestPostProcessor foreign = jwt().jwt((jwt) -> jwt.subject("other-account").claim("azp", "shop-cli"))
			.authorities(new SimpleGrantedAuthority("SCOPE_payments:charge"));
		for (String body : List.of(BODY, BODY.replace("}", ",\"customerId\":\"alice-sub\"}"))) {
			this.mvc
				.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
					.with(foreign)
					.header("Idempotency-Key", "key-0000001")
					.contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isForbidden());
		}
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenUserTokenIsNotOrderServicesThenForbiddenAndNothingAuthorized() throws Exception {
		// A user's token the gateway got (azp gateway), on order-service's connection:
		// only a token order-service got for itself, by exchange, places payments.
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(user("alice", "ROLE_USER"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenServiceTokenNamesNoCustomerThenBadRequest() throws Exception {
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(serviceToken("SCOPE_payments:charge"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void authorizeWhenUserNamesAnotherCustomerThenForbidden() throws Exception {
		this.mvc
			.perform(post("/internal/payments").with(FROM_ORDER_SERVICE)
				.with(exchangedUser("alice", "ROLE_USER"))
				.header("Idempotency-Key", "key-0000001")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY.replace("}", ",\"customerId\":\"bob\"}")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).authorize(any(), anyString(), any());
	}

	@Test
	void listWhenServiceTokenThenForbidden() throws Exception {
		this.mvc.perform(get("/api/payments").with(serviceToken("SCOPE_payments:charge")))
			.andExpect(status().isForbidden());
		verify(this.paymentService, never()).listOwn(anyString(), any());
	}

	private static JwtRequestPostProcessor serviceToken(String... authorities) {
		return jwt().jwt((jwt) -> jwt.subject("service-account-id").claim("azp", "order-service"))
			.authorities(Arrays.stream(authorities).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList());
	}

	/** A user's token exchanged by order-service for payment-service. */
	private static JwtRequestPostProcessor exchangedUser(String subject, String... authorities) {
		return jwt().jwt((jwt) -> jwt.subject(subject).claim("azp", "order-service"))
			.authorities(Arrays.stream(authorities).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList());
	}

	private static JwtRequestPostProcessor user(String subject, String... authorities) {
		return jwt().jwt((jwt) -> jwt.subject(subject).claim("azp", "gateway"))
			.authorities(Arrays.stream(authorities).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList());
	}

	/**
	 * Every request comes from the gateway unless a test says otherwise.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ThroughTheGateway {

		@Bean
		MockMvcBuilderCustomizer gatewayCertificate() {
			return (builder) -> builder.defaultRequest(get("/").with(CallerCertificates.from(ServiceName.GATEWAY)));
		}

	}

	private static PaymentView view() {
		return new PaymentView(PAYMENT, ORDER, PaymentStatus.AUTHORIZED, new BigDecimal("12.50"), "EUR",
				Instant.parse("2026-11-29T10:00:00Z"));
	}

}
