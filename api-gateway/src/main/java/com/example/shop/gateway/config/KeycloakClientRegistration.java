package com.example.shop.gateway.config;

import java.util.Map;

import com.example.shop.security.ShopJwtProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/**
 * The gateway's OIDC client registration, with Keycloak's endpoints configured one by one
 * instead of discovered from the issuer. Discovery would run at start-up (the gateway
 * would not start while Keycloak is down) and would hand out the addresses Keycloak calls
 * itself by, while browsers and the gateway reach it at different ones in compose and in
 * Kubernetes. What discovery would add is added here: the issuer, against which ID
 * tokens' {@code iss} is checked, and the end-session endpoint for RP-initiated logout,
 * both at Keycloak's public address. The redirect URI is the gateway's public one when
 * configured (behind an ingress that ends TLS), else the request's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ClientProperties.class)
class KeycloakClientRegistration {

	@Bean
	ReactiveClientRegistrationRepository clientRegistrationRepository(OAuth2ClientProperties properties,
			ShopJwtProperties jwt, GatewayProperties gateway) {
		String issuer = jwt.issuerUri().toString();
		ClientRegistration[] registrations = new OAuth2ClientPropertiesMapper(properties).asClientRegistrations()
			.values()
			.stream()
			.map((registration) -> ClientRegistration.withClientRegistration(registration)
				.issuerUri(issuer)
				.redirectUri(gateway.baseUrl() + "/login/oauth2/code/{registrationId}")
				.providerConfigurationMetadata(
						Map.of("end_session_endpoint", issuer + "/protocol/openid-connect/logout"))
				.build())
			.toArray(ClientRegistration[]::new);
		return new InMemoryReactiveClientRegistrationRepository(registrations);
	}

}
