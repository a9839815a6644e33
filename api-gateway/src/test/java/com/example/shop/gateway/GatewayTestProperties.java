package com.example.shop.gateway;

import java.util.function.Supplier;

import com.example.shop.testsupport.ShopKeycloak;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every gateway test context sets: the shared Keycloak and where the two services
 * are.
 */
public final class GatewayTestProperties {

	private GatewayTestProperties() {
	}

	public static void register(DynamicPropertyRegistry registry, Supplier<Object> orderService,
			Supplier<Object> paymentService) {
		ShopKeycloak.get().registerProperties(registry);
		registry.add("ORDER_SERVICE_URL", orderService);
		registry.add("PAYMENT_SERVICE_URL", paymentService);
	}

}
