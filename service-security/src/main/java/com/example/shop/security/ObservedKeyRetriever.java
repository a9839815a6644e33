package com.example.shop.security;

import java.io.IOException;
import java.net.URL;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Each fetch of the realm's keys from Keycloak as an observation ({@value #OBSERVATION}):
 * a span in the trace of the request that needed the keys (or one of its own for a
 * refresh in the background) and a timer by outcome, so that a slow or failing Keycloak
 * shows where it costs.
 */
final class ObservedKeyRetriever implements ResourceRetriever {

	static final String OBSERVATION = "shop.security.jwks.fetch";

	private final ResourceRetriever retriever;

	private final ObservationRegistry observations;

	ObservedKeyRetriever(ResourceRetriever retriever, ObservationRegistry observations) {
		this.retriever = retriever;
		this.observations = observations;
	}

	@Override
	public Resource retrieveResource(URL url) throws IOException {
		return Observation.createNotStarted(OBSERVATION, this.observations)
			.contextualName("jwks fetch")
			.lowCardinalityKeyValue("server.address", url.getHost())
			.observeChecked(() -> this.retriever.retrieveResource(url));
	}

}
