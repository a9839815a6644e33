package com.example.shop.gateway.edge;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTraceContextTests {

	@Test
	void withoutTraceContextWhenClientSendsItInAnyCaseThenEveryHeaderOfItRemovedAndTheRestKept() {
		ServerHttpRequest request = MockServerHttpRequest.get("/api/orders")
			.header("TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.header("TraceState", "shop=chosen")
			.header("Baggage", "user.role=admin")
			.header("B3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1")
			.header("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736")
			.header("x-b3-spanid", "00f067aa0ba902b7")
			.header("x-b3-parentspanid", "00f067aa0ba902b6")
			.header("x-b3-sampled", "1")
			.header("x-b3-flags", "1")
			.header("Authorization", "Bearer token")
			.build();

		ServerHttpRequest cleaned = ClientTraceContext.withoutTraceContext(request);

		assertThat(ClientTraceContext.HEADERS).noneMatch(cleaned.getHeaders()::containsHeader);
		assertThat(cleaned.getHeaders().headerNames()).containsExactly("Authorization");
		assertThat(cleaned.getHeaders().getFirst("Authorization")).isEqualTo("Bearer token");
	}

	@Test
	void withoutTraceContextWhenSentTwiceUnderTwoSpellingsThenEveryValueRemoved() {
		ServerHttpRequest request = MockServerHttpRequest.get("/api/orders")
			.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
					"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
			.header("TRACEPARENT", "00-11111111111111111111111111111111-2222222222222222-01")
			.build();

		ServerHttpRequest cleaned = ClientTraceContext.withoutTraceContext(request);

		assertThat(cleaned.getHeaders().get("traceparent")).isNull();
		assertThat(cleaned.getHeaders().headerNames()).isEmpty();
	}

	@Test
	void withoutTraceContextWhenOnlyOneOfItThenRemoved() {
		ServerHttpRequest request = MockServerHttpRequest.get("/api/orders").header("x-b3-sampled", "1").build();

		assertThat(ClientTraceContext.withoutTraceContext(request).getHeaders().containsHeader("X-B3-Sampled"))
			.isFalse();
	}

	@Test
	void withoutTraceContextWhenNoneThenTheSameRequest() {
		ServerHttpRequest request = MockServerHttpRequest.get("/api/orders")
			.header("Accept", "application/json")
			.build();

		assertThat(ClientTraceContext.withoutTraceContext(request)).isSameAs(request);
	}

}
