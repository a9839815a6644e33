package com.example.shop.testsupport.platform;

/**
 * The platform's service names: DNS names in compose and Kubernetes, DNS subject
 * alternative names of their certificates, identities in the callers' allow-lists.
 */
public final class ServiceName {

	public static final String GATEWAY = "api-gateway";

	public static final String ORDER_SERVICE = "order-service";

	public static final String PAYMENT_SERVICE = "payment-service";

	private ServiceName() {
	}

}
