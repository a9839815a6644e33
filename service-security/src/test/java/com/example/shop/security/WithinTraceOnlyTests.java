package com.example.shop.security;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A database query is observed while a span is current and not otherwise; other
 * observations always; everything while the application has no tracer.
 */
class WithinTraceOnlyTests {

	private final Tracer tracer = mock(Tracer.class);

	@Test
	void testWhenSpanCurrentThenQueryObservedElseNot() {
		WithinTraceOnly predicate = new WithinTraceOnly(List.of("jdbc."), () -> this.tracer);

		assertThat(predicate.test("jdbc.query", new Observation.Context())).isFalse();
		// A no-op parent (Spring Security's observations, switched off) does not count.
		Observation.Context underNoop = new Observation.Context();
		underNoop.setParentObservation(Observation.NOOP);
		assertThat(predicate.test("jdbc.query", underNoop)).isFalse();

		given(this.tracer.currentSpan()).willReturn(mock(Span.class));
		assertThat(predicate.test("jdbc.query", new Observation.Context())).isTrue();
	}

	@Test
	void testWhenNameOutsideThePrefixesThenObservedWithoutAskingTheTracer() {
		AtomicInteger lookups = new AtomicInteger();
		WithinTraceOnly predicate = new WithinTraceOnly(List.of("jdbc."), () -> {
			lookups.incrementAndGet();
			return this.tracer;
		});

		assertThat(predicate.test("http.server.requests", new Observation.Context())).isTrue();
		assertThat(predicate.test("jdbc", new Observation.Context())).isTrue();
		assertThat(lookups).hasValue(0);
		predicate.test("jdbc.query", new Observation.Context());
		predicate.test("jdbc.query", new Observation.Context());
		assertThat(lookups).as("the tracer, looked up once").hasValue(1);
	}

	@Test
	void testWhenNoTracerThenEveryQueryObserved() {
		WithinTraceOnly predicate = new WithinTraceOnly(List.of("jdbc."), () -> null);

		assertThat(predicate.test("jdbc.query", new Observation.Context())).isTrue();
	}

}
