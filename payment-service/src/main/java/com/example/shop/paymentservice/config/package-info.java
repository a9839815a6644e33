/**
 * Security and configuration of the payment-service.
 */
package com.example.shop.paymentservice.config;
