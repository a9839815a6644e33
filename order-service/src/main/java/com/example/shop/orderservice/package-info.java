/**
 * The order-service application.
 */
package com.example.shop.orderservice;
