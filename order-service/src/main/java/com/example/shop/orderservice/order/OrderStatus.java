package com.example.shop.orderservice.order;

/**
 * Where an order stands.
 */
public enum OrderStatus {

	/**
	 * Stored, payment not (yet) settled: payment-service refused to answer or was
	 * unreachable.
	 */
	PENDING_PAYMENT,

	/** Paid. */
	CONFIRMED,

	/** payment-service declined the payment. */
	PAYMENT_FAILED

}
