/**
 * Payments: idempotent authorization for order-service, reads by owner, refunds by
 * admins.
 */
package com.example.shop.paymentservice.payment;
