/**
 * Security and configuration of the order-service.
 */
package com.example.shop.orderservice.config;
