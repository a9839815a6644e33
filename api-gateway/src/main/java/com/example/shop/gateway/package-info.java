/**
 * The api-gateway application.
 */
package com.example.shop.gateway;
