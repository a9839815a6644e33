package com.example.shop.gateway;

import java.util.function.Supplier;

import com.example.shop.testsupport.keycloak.ShopKeycloak;
import com.example.shop.testsupport.keycloak.ShopRealm;
import com.example.shop.testsupport.pki.TestPki;
import com.example.shop.testsupport.platform.ServiceName;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every gateway test context sets: the shared Keycloak and the gateway client's
 * secret there, the gateway's certificate and where the two services are.
 */
public final class GatewayTestProperties {

	private GatewayTestProperties() {
	}

	/**
	 * The same, with one stand-in in the place of both services.
	 * @param registry the test's dynamic properties
	 * @param services the stand-in
	 */
	public static void register(DynamicPropertyRegistry registry, RecordingService services) {
		register(registry, () -> services.uri().toString(), () -> services.uri().toString());
	}

	public static void register(DynamicPropertyRegistry registry, Supplier<Object> orderService,
			Supplier<Object> paymentService) {
		ShopKeycloak.get().registerProperties(registry);
		registry.add("GATEWAY_CLIENT_SECRET", () -> ShopKeycloak.get().clientSecret(ShopRealm.GATEWAY_CLIENT));
		TestPki.get().registerTlsDirectory(registry, ServiceName.GATEWAY);
		registry.add("ORDER_SERVICE_URL", orderService);
		registry.add("PAYMENT_SERVICE_URL", paymentService);
	}

}
