package com.example.shop.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.shop.testsupport.keycloak.DemoUser;
import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.keycloak.TokenEndpointResult;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm's token exchanges (RFC 8693, Keycloak's standard token exchange): the two the
 * platform makes, what their tokens hold, and every other exchange refused. Which client
 * may exchange is its {@code standard.token.exchange.enabled}; for which audience, the
 * audiences its own client scopes can put in a token; from which token, one that names it
 * in {@code aud}.
 */
class TokenExchangeIntegrationTests {

	private final ShopKeycloak keycloak = ShopKeycloak.get();

	@Test
	void gatewayExchangeThenATokenForOneServiceWithItsScopesOnly() throws Exception {
		String login = this.keycloak.login(DemoUser.ALICE).accessToken();

		JWTClaimsSet orders = claims(this.keycloak.exchange(login, ShopRealm.GATEWAY_CLIENT,
				ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.gatewayExchangeScope(ShopRealm.ORDER_SERVICE_CLIENT)));
		JWTClaimsSet payments = claims(this.keycloak.exchange(login, ShopRealm.GATEWAY_CLIENT,
				ShopRealm.PAYMENT_SERVICE_CLIENT, ShopRealm.gatewayExchangeScope(ShopRealm.PAYMENT_SERVICE_CLIENT)));

		assertThat(orders.getAudience()).containsExactly(ShopRealm.ORDER_SERVICE_CLIENT);
		assertThat(scopes(orders)).containsExactlyInAnyOrder("orders:read", "orders:write");
		assertThat(payments.getAudience()).containsExactly(ShopRealm.PAYMENT_SERVICE_CLIENT);
		assertThat(scopes(payments)).containsExactly("payments:read");
		String subject = SignedJWT.parse(login).getJWTClaimsSet().getSubject();
		for (JWTClaimsSet token : List.of(orders, payments)) {
			assertThat(token.getSubject()).isEqualTo(subject);
			assertThat(token.getStringClaim("azp")).isEqualTo(ShopRealm.GATEWAY_CLIENT);
			assertThat(token.getJSONObjectClaim("realm_access")).containsEntry("roles", List.of("USER"));
			assertThat(token.getClaim("email")).isNull();
			assertThat(token.getClaim("preferred_username")).isNull();
		}
	}

	@Test
	void gatewayExchangeWhenAdminAsksForTheAdminScopeThenOnlyTheAdminGetsIt() throws Exception {
		String scope = ShopRealm.gatewayExchangeScope(ShopRealm.ORDER_SERVICE_CLIENT);

		JWTClaimsSet admin = claims(this.keycloak.exchange(this.keycloak.login(DemoUser.ADMIN).accessToken(),
				ShopRealm.GATEWAY_CLIENT, ShopRealm.ORDER_SERVICE_CLIENT, scope));
		JWTClaimsSet alice = claims(this.keycloak.exchange(this.keycloak.login(DemoUser.ALICE).accessToken(),
				ShopRealm.GATEWAY_CLIENT, ShopRealm.ORDER_SERVICE_CLIENT, scope));

		assertThat(scopes(admin)).contains("admin:read");
		assertThat(scopes(alice)).doesNotContain("admin:read");
	}

	@Test
	void orderServiceExchangeThenATokenForPaymentServiceWithTheUserRoleAndNoScope() throws Exception {
		String forOrders = this.keycloak.tokenFor(DemoUser.ADMIN, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();

		JWTClaimsSet payment = claims(this.keycloak.exchange(forOrders, ShopRealm.ORDER_SERVICE_CLIENT,
				ShopRealm.PAYMENT_SERVICE_CLIENT, null));

		assertThat(payment.getAudience()).containsExactly(ShopRealm.PAYMENT_SERVICE_CLIENT);
		assertThat(payment.getStringClaim("azp")).isEqualTo(ShopRealm.ORDER_SERVICE_CLIENT);
		// The admin's ADMIN role stays behind: order-service's client maps USER only.
		assertThat(payment.getJSONObjectClaim("realm_access")).containsEntry("roles", List.of("USER"));
		assertThat(scopes(payment)).isEmpty();
	}

	@Test
	void exchangeWhenOutsideTheFlowsThenRefused() {
		String login = this.keycloak.login(DemoUser.ALICE).accessToken();
		String forOrders = this.keycloak.tokenFor(DemoUser.ALICE, ShopRealm.ORDER_SERVICE_CLIENT).accessToken();
		String forPayments = this.keycloak.tokenFor(DemoUser.ALICE, ShopRealm.PAYMENT_SERVICE_CLIENT).accessToken();
		Map<String, TokenEndpointResult> refused = Map.of(
				// order-service may exchange only tokens meant for it.
				"order-service with the gateway's token",
				this.keycloak.exchange(login, ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.PAYMENT_SERVICE_CLIENT, null),
				"order-service with payment-service's token",
				this.keycloak.exchange(forPayments, ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.PAYMENT_SERVICE_CLIENT,
						null),
				// ... and only for payment-service.
				"order-service for the gateway",
				this.keycloak.exchange(forOrders, ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.GATEWAY_CLIENT, null),
				"order-service for itself",
				this.keycloak.exchange(forOrders, ShopRealm.ORDER_SERVICE_CLIENT, ShopRealm.ORDER_SERVICE_CLIENT, null),
				// The gateway only for the two services.
				"gateway for shop-cli", this.keycloak.exchange(login, ShopRealm.GATEWAY_CLIENT, "shop-cli", null),
				"gateway for realm-management",
				this.keycloak.exchange(login, ShopRealm.GATEWAY_CLIENT, "realm-management", null),
				"gateway for order-service without its audience scope",
				this.keycloak.exchange(login, ShopRealm.GATEWAY_CLIENT, ShopRealm.ORDER_SERVICE_CLIENT, "orders:read"),
				// A public client may not exchange at all.
				"shop-cli",
				this.keycloak.tokenEndpoint().exchange(login, ShopRealm.ORDER_SERVICE_CLIENT, null, "shop-cli", null));

		refused.forEach((kind, result) -> {
			assertThat(result.isSuccess()).as(kind + ": " + result).isFalse();
			assertThat(result.status()).as(kind).isIn(400, 401, 403);
			assertThat(result.body()).as(kind).doesNotContainKey("access_token");
		});
		assertThat(refused.get("order-service with the gateway's token").error()).isEqualTo("access_denied");
		assertThat(refused.get("gateway for shop-cli").errorDescription())
			.isEqualTo("Requested audience not available: shop-cli");
	}

	@Test
	void exchangeWhenTheClientHasNoExchangeEnabledThenRefused() {
		// A confidential client like the services' with exchange off (the realm's
		// default): even its own token is not exchanged.
		String secret = this.keycloak.probeClientSecret("probe-no-exchange", Map.of(),
				List.of(ShopRealm.PAYMENT_SERVICE_CLIENT));
		String own = this.keycloak.tokenEndpoint()
			.clientCredentials("probe-no-exchange", secret)
			.tokens()
			.accessToken();

		TokenEndpointResult result = this.keycloak.tokenEndpoint()
			.exchange(own, ShopRealm.PAYMENT_SERVICE_CLIENT, null, "probe-no-exchange", secret);

		assertThat(result.isSuccess()).isFalse();
		assertThat(result.body()).doesNotContainKey("access_token");
	}

	private static JWTClaimsSet claims(TokenEndpointResult result) throws Exception {
		assertThat(result.isSuccess()).as(result.toString()).isTrue();
		return result.tokens().parsedAccessToken().getJWTClaimsSet();
	}

	private static Set<String> scopes(JWTClaimsSet claims) throws Exception {
		String scope = claims.getStringClaim("scope");
		return (scope == null || scope.isBlank()) ? Set.of() : Set.of(scope.split(" "));
	}

}
