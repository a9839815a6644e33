package com.example.shop.orderservice.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.example.shop.orderservice.config.SecurityConfiguration;
import com.example.shop.security.ShopResourceServerAutoConfiguration;
import com.example.shop.testsupport.http.AdminOperation;
import com.example.shop.testsupport.pki.CallerCertificates;
import com.example.shop.testsupport.platform.ServiceName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every rule of the order API, allowed and denied, with the service mocked.
 */
@WebMvcTest(controllers = OrderController.class,
		properties = { "shop.security.jwt.issuer-uri=http://localhost/realms/shop",
				"shop.security.jwt.jwk-set-uri=http://localhost/realms/shop/certs",
				"shop.security.jwt.audience=order-service", "spring.mvc.problemdetails.enabled=true",
				"spring.data.web.pageable.max-page-size=100" })
@ImportAutoConfiguration(ShopResourceServerAutoConfiguration.class)
@Import(SecurityConfiguration.class)
class OrderControllerTests {

	private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private static final String BODY = "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2}]}";

	@Autowired
	private MockMvc mvc;

	// Named as in production: @PreAuthorize refers to it as @orderService.
	@MockitoBean(name = "orderService")
	private OrderService orderService;

	/**
	 * The gateway routes these as admin operations (address allow-list); a new ADMIN-only
	 * operation must be added to that list too, or this test fails.
	 */
	@Test
	void adminOnlyOperationsThenExactlyThoseTheGatewayTreatsAsAdminOperations(
			@Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
		assertThat(AdminOperation.servedBy(mappings))
			.containsExactlyInAnyOrderElementsOf(AdminOperation.of(ServiceName.ORDER_SERVICE));
	}

	@Test
	void listWhenNoTokenThenUnauthorizedWithBearerChallengeAndProblem() throws Exception {
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void listWhenReadScopeMissingThenForbiddenInsufficientScope() throws Exception {
		this.mvc.perform(get("/api/orders").with(token("alice", "ROLE_USER", "SCOPE_payments:read")))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")));
	}

	@Test
	void listWhenUserRoleMissingThenForbidden() throws Exception {
		this.mvc.perform(get("/api/orders").with(token("svc", "SCOPE_orders:read"))).andExpect(status().isForbidden());
		verify(this.orderService, never()).list(anyString(), any());
	}

	@Test
	void listWhenUserThenOwnOrders() throws Exception {
		given(this.orderService.list(eq("alice"), any(Pageable.class))).willReturn(new PageImpl<>(List.of(view())));

		this.mvc.perform(get("/api/orders").with(token("alice", "ROLE_USER", "SCOPE_orders:read")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content[0].orderId").value(ORDER.toString()));
	}

	@Test
	void placeWhenWriteScopeMissingThenForbiddenAndNothingPlaced() throws Exception {
		this.mvc.perform(json(post("/api/orders"), BODY).with(token("alice", "ROLE_USER", "SCOPE_orders:read")))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")));
		verify(this.orderService, never()).place(anyString(), any(), any(), any());
	}

	@Test
	void placeWhenUserRoleMissingThenForbiddenAndNothingPlaced() throws Exception {
		this.mvc.perform(json(post("/api/orders"), BODY).with(token("svc", "SCOPE_orders:write")))
			.andExpect(status().isForbidden());
		verify(this.orderService, never()).place(anyString(), any(), any(), any());
	}

	@Test
	void placeWhenPaidThenCreatedWhenPendingThenAccepted() throws Exception {
		given(this.orderService.place(eq("alice"), any(), any(), isNull())).willReturn(placed(OrderStatus.CONFIRMED),
				placed(OrderStatus.PENDING_PAYMENT));

		this.mvc.perform(json(post("/api/orders"), BODY).with(writer("alice")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/orders/" + ORDER))
			.andExpect(header().string("Idempotent-Replayed", "false"));
		this.mvc.perform(json(post("/api/orders"), BODY).with(writer("alice")))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("PENDING_PAYMENT"));
	}

	@Test
	void placeWhenIdempotencyKeyThenPassedOnAndAReplayIsMarked() throws Exception {
		given(this.orderService.place(eq("alice"), any(), any(), eq("order-key_01")))
			.willReturn(new OrderService.Placement(view(OrderStatus.CONFIRMED), true));

		this.mvc
			.perform(json(post("/api/orders"), BODY).header("Idempotency-Key", "order-key_01").with(writer("alice")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.orderId").value(ORDER.toString()));
	}

	@Test
	void placeWhenIdempotencyKeyMalformedThenBadRequestProblemAndNothingPlaced() throws Exception {
		for (String key : List.of("short", "x".repeat(65), "has space1", "semi;colon", "dots.are.out",
				"%41%42%43%44%45")) {
			this.mvc.perform(json(post("/api/orders"), BODY).header("Idempotency-Key", key).with(writer("alice")))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		verify(this.orderService, never()).place(anyString(), any(), any(), any());
	}

	@Test
	void placeWhenBodyCarriesOwnerTotalOrStatusThenOnlyItemsReachTheService() throws Exception {
		given(this.orderService.place(eq("alice"), any(), any(), any())).willReturn(placed(OrderStatus.CONFIRMED));
		String body = "{\"owner\":\"bob\",\"ownerSub\":\"bob\",\"total\":0.01,\"status\":\"CONFIRMED\","
				+ "\"id\":1,\"orderId\":\"" + UUID.randomUUID() + "\",\"items\":[{\"sku\":\"MUG-001\",\"quantity\":2,"
				+ "\"unitPrice\":0.01}]}";

		this.mvc.perform(json(post("/api/orders"), body).with(writer("alice"))).andExpect(status().isCreated());

		ArgumentCaptor<PlaceOrderRequest> request = ArgumentCaptor.forClass(PlaceOrderRequest.class);
		verify(this.orderService).place(eq("alice"), argThat((jwt) -> "token".equals(jwt.getTokenValue())),
				request.capture(), isNull());
		assertThat(request.getValue())
			.isEqualTo(new PlaceOrderRequest(List.of(new PlaceOrderRequest.Item("MUG-001", 2))));
	}

	@Test
	void placeWhenBodyInvalidThenBadRequestProblemAndNothingPlaced() throws Exception {
		for (String body : List.of("{\"items\":[]}", "{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":0}]}",
				"{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":101}]}",
				"{\"items\":[{\"sku\":\"mug 1\",\"quantity\":1}]}", "{\"items\":[null]}", "{}", "[]", "not json")) {
			this.mvc.perform(json(post("/api/orders"), body).with(writer("alice")))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		verify(this.orderService, never()).place(anyString(), any(), any(), any());
	}

	@Test
	void getWhenOwnerThenOrderWithoutInternalFields() throws Exception {
		given(this.orderService.isOwner(ORDER, "alice")).willReturn(true);
		given(this.orderService.find(ORDER)).willReturn(view());

		this.mvc.perform(get("/api/orders/{id}", ORDER).with(reader("alice", "ROLE_USER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.orderId").value(ORDER.toString()))
			.andExpect(jsonPath("$.ownerSub").doesNotExist())
			.andExpect(jsonPath("$.paymentKey").doesNotExist())
			.andExpect(jsonPath("$.id").doesNotExist());
	}

	@Test
	void getWhenNotOwnerThenNotFoundAndNothingRead() throws Exception {
		given(this.orderService.isOwner(ORDER, "bob")).willReturn(false);

		this.mvc.perform(get("/api/orders/{id}", ORDER).with(reader("bob", "ROLE_USER")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		verify(this.orderService, never()).find(any());
	}

	@Test
	void getWhenAdminThenAnyOrder() throws Exception {
		given(this.orderService.find(ORDER)).willReturn(view());

		this.mvc.perform(get("/api/orders/{id}", ORDER).with(reader("root", "ROLE_USER", "ROLE_ADMIN")))
			.andExpect(status().isOk());
	}

	@Test
	void deleteWhenOwnerThenNoContent() throws Exception {
		given(this.orderService.isOwner(ORDER, "alice")).willReturn(true);

		this.mvc.perform(delete("/api/orders/{id}", ORDER).with(writer("alice"))).andExpect(status().isNoContent());
		verify(this.orderService).delete(ORDER);
	}

	@Test
	void deleteWhenNotOwnerThenNotFoundAndNothingDeleted() throws Exception {
		given(this.orderService.isOwner(ORDER, "bob")).willReturn(false);

		this.mvc.perform(delete("/api/orders/{id}", ORDER).with(writer("bob"))).andExpect(status().isNotFound());
		verify(this.orderService, never()).delete(any());
	}

	@Test
	void deleteWhenAdminThenAnyOrderDeleted() throws Exception {
		this.mvc
			.perform(delete("/api/orders/{id}", ORDER)
				.with(token("root", "ROLE_USER", "ROLE_ADMIN", "SCOPE_orders:write")))
			.andExpect(status().isNoContent());
		verify(this.orderService).delete(ORDER);
	}

	@Test
	void adminAllWhenAdminScopeThenPagedAndPageSizeCapped() throws Exception {
		given(this.orderService.listAll(any(Pageable.class))).willReturn(new PageImpl<>(List.of()));

		this.mvc
			.perform(get("/api/orders/admin/all?size=5000")
				.with(token("root", "ROLE_ADMIN", "SCOPE_orders:read", "SCOPE_admin:read")))
			.andExpect(status().isOk());

		ArgumentCaptor<Pageable> pageable = ArgumentCaptor.forClass(Pageable.class);
		verify(this.orderService).listAll(pageable.capture());
		assertThat(pageable.getValue().getPageSize()).isEqualTo(100);
	}

	@Test
	void adminAllWhenAdminRoleButNoAdminScopeThenForbidden() throws Exception {
		this.mvc
			.perform(get("/api/orders/admin/all").with(token("root", "ROLE_USER", "ROLE_ADMIN", "SCOPE_orders:read")))
			.andExpect(status().isForbidden());
		verify(this.orderService, never()).listAll(any());
	}

	private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
		return request.contentType(MediaType.APPLICATION_JSON).content(body);
	}

	private static JwtRequestPostProcessor reader(String subject, String... roles) {
		return token(subject, concat(roles, "SCOPE_orders:read"));
	}

	private static JwtRequestPostProcessor writer(String subject) {
		return token(subject, "ROLE_USER", "SCOPE_orders:read", "SCOPE_orders:write");
	}

	private static String[] concat(String[] values, String value) {
		String[] all = Arrays.copyOf(values, values.length + 1);
		all[values.length] = value;
		return all;
	}

	@Test
	void requestWhenCallerIsNotTheGatewayThenForbiddenAndNothingServed() throws Exception {
		for (String caller : List.of(ServiceName.PAYMENT_SERVICE, ServiceName.ORDER_SERVICE)) {
			this.mvc
				.perform(get("/api/orders").with(CallerCertificates.from(caller)).with(reader("alice", "ROLE_USER")))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.detail").value("The calling service may not call this path."));
			this.mvc.perform(get("/api/public/products").with(CallerCertificates.from(caller)))
				.andExpect(status().isForbidden());
		}
		verify(this.orderService, never()).list(anyString(), any());
	}

	@Test
	void requestWhenNoClientCertificateThenForbidden() throws Exception {
		this.mvc.perform(get("/api/orders").with(CallerCertificates.none()).with(reader("alice", "ROLE_USER")))
			.andExpect(status().isForbidden());
		verify(this.orderService, never()).list(anyString(), any());
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

	private static JwtRequestPostProcessor token(String subject, String... authorities) {
		return jwt().jwt((jwt) -> jwt.subject(subject))
			.authorities(Arrays.stream(authorities).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList());
	}

	private static OrderView view() {
		return view(OrderStatus.CONFIRMED);
	}

	private static OrderService.Placement placed(OrderStatus status) {
		return new OrderService.Placement(view(status), false);
	}

	private static OrderView view(OrderStatus status) {
		return new OrderView(ORDER, status, List.of(new OrderView.Line("MUG-001", 2, new BigDecimal("12.50"))),
				new BigDecimal("25.00"), "EUR", Instant.parse("2026-11-29T10:00:00Z"));
	}

}
