package com.example.shop.paymentservice.payment;

/**
 * Where a payment stands.
 */
public enum PaymentStatus {

	AUTHORIZED, DECLINED, REFUNDED

}
