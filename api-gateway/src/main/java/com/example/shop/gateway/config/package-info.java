/**
 * Security and edge rules of the api-gateway.
 */
package com.example.shop.gateway.config;
