package com.example.shop.security.mtls;

import com.example.shop.testsupport.platform.ServiceName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * New TLS connections are counted once each, per caller, by the container's connection
 * id; a connection idle through the 10,000 newer ones remembered is counted again.
 */
class InboundConnectionsTests {

	private static final String METER = "shop.tls.inbound.connections";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final InboundConnections connections = new InboundConnections(this.meters);

	@Test
	void recordWhenRequestsOnOneConnectionThenCountedOnce() {
		for (int i = 0; i < 5; i++) {
			this.connections.record(Requests.onConnection("c1", "GET", "/api/orders"), ServiceName.GATEWAY);
		}

		assertThat(count(ServiceName.GATEWAY)).isEqualTo(1);
	}

	@Test
	void recordWhenNewConnectionsThenEachCountedForItsCaller() {
		this.connections.record(Requests.onConnection("c1", "GET", "/api/orders"), ServiceName.GATEWAY);
		this.connections.record(Requests.onConnection("c2", "GET", "/api/orders"), ServiceName.GATEWAY);
		this.connections.record(Requests.onConnection("c3", "POST", "/internal/payments"), ServiceName.ORDER_SERVICE);

		assertThat(count(ServiceName.GATEWAY)).isEqualTo(2);
		assertThat(count(ServiceName.ORDER_SERVICE)).isEqualTo(1);
		assertThat(this.meters.get(METER).counter().getId().getDescription())
			.isEqualTo("TLS connections opened by callers");
	}

	@Test
	void recordWhenNoServiceIdentityThenCountedAsNone() {
		this.connections.record(Requests.onConnection("c1", "GET", "/api/orders"), null);

		assertThat(count("none")).isEqualTo(1);
	}

	@Test
	void recordWhenNoMeterRegistryThenNothingCountedAndNoFailure() {
		InboundConnections unmetered = new InboundConnections(null);

		assertThatNoException()
			.isThrownBy(() -> unmetered.record(Requests.onConnection("c1", "GET", "/"), ServiceName.GATEWAY));
	}

	@Test
	void recordWhenConnectionIdleThroughTenThousandNewerThenCountedAgain() {
		this.connections.record(Requests.onConnection("old", "GET", "/"), ServiceName.GATEWAY);
		for (int i = 0; i < 10_000; i++) {
			this.connections.record(Requests.onConnection("new-" + i, "GET", "/"), ServiceName.ORDER_SERVICE);
		}

		this.connections.record(Requests.onConnection("old", "GET", "/"), ServiceName.GATEWAY);

		assertThat(count(ServiceName.GATEWAY)).isEqualTo(2);
	}

	@Test
	void recordWhenConnectionInUseAmongTenThousandNewerThenNotCountedAgain() {
		this.connections.record(Requests.onConnection("busy", "GET", "/"), ServiceName.GATEWAY);
		for (int i = 0; i < 10_000; i++) {
			this.connections.record(Requests.onConnection("new-" + i, "GET", "/"), ServiceName.ORDER_SERVICE);
			// Access order, not insertion order: a connection in use stays remembered.
			if (i % 1000 == 0) {
				this.connections.record(Requests.onConnection("busy", "GET", "/"), ServiceName.GATEWAY);
			}
		}

		this.connections.record(Requests.onConnection("busy", "GET", "/"), ServiceName.GATEWAY);

		assertThat(count(ServiceName.GATEWAY)).isEqualTo(1);
		assertThat(count(ServiceName.ORDER_SERVICE)).isEqualTo(10_000);
	}

	@Test
	void recordWhenExactlyTenThousandRememberedThenOldestNotForgotten() {
		this.connections.record(Requests.onConnection("first", "GET", "/"), ServiceName.GATEWAY);
		for (int i = 0; i < 9_999; i++) {
			this.connections.record(Requests.onConnection("new-" + i, "GET", "/"), ServiceName.ORDER_SERVICE);
		}

		this.connections.record(Requests.onConnection("first", "GET", "/"), ServiceName.GATEWAY);

		assertThat(count(ServiceName.GATEWAY)).isEqualTo(1);
	}

	private double count(String caller) {
		Counter counter = this.meters.find(METER).tag("caller", caller).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
