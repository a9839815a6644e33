/**
 * The payment-service application.
 */
package com.example.shop.paymentservice;
