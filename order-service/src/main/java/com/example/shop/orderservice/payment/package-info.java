/**
 * The client of payment-service.
 */
package com.example.shop.orderservice.payment;
