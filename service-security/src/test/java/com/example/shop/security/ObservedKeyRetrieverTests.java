package com.example.shop.security;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.util.Resource;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Each fetch of the realm's keys is one observation, naming Keycloak's host, with the
 * fetch's answer or error unchanged.
 */
class ObservedKeyRetrieverTests {

	private final List<Observation.Context> stopped = new ArrayList<>();

	@Test
	void retrieveWhenFetchedThenObservedWithTheHostAndTheSameResource() throws Exception {
		Resource keys = new Resource("{\"keys\":[]}", "application/json");
		ObservedKeyRetriever retriever = new ObservedKeyRetriever((url) -> keys, registry());

		assertThat(retriever.retrieveResource(url())).isSameAs(keys);
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo(ObservedKeyRetriever.OBSERVATION);
			assertThat(context.getLowCardinalityKeyValue("server.address").getValue()).isEqualTo("keycloak");
			assertThat(context.getError()).isNull();
		});
	}

	@Test
	void retrieveWhenKeycloakUnreachableThenObservedWithTheErrorAndThrown() throws Exception {
		IOException refused = new IOException("Connection refused");
		ObservedKeyRetriever retriever = new ObservedKeyRetriever((url) -> {
			throw refused;
		}, registry());

		assertThatIOException().isThrownBy(() -> retriever.retrieveResource(url())).isSameAs(refused);
		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).isSameAs(refused));
	}

	private static URL url() throws Exception {
		return URI.create("http://keycloak:8080/realms/shop/protocol/openid-connect/certs").toURL();
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				ObservedKeyRetrieverTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		return registry;
	}

}
