package com.example.shop.orderservice.payment;

import java.time.Duration;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * order-service's own access token, by client credentials, for work no user is present
 * for. It is kept and reused until 30 seconds before it expires, then fetched again.
 */
@Component
public class ServiceToken {

	static final String REGISTRATION = "order-service";

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager clients;

	ServiceToken(ClientRegistrationRepository registrations, OAuth2AuthorizedClientService authorizedClients) {
		this.clients = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients);
		this.clients.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((credentials) -> credentials.clockSkew(Duration.ofSeconds(30)))
			.build());
	}

	/**
	 * The current token, fetched from Keycloak only when none is kept or it is about to
	 * expire.
	 * @return the access token's value
	 */
	public String accessToken() {
		OAuth2AuthorizedClient client = this.clients
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION).principal(REGISTRATION).build());
		if (client == null) {
			throw new IllegalStateException("No client-credentials token for " + REGISTRATION);
		}
		return client.getAccessToken().getTokenValue();
	}

}
