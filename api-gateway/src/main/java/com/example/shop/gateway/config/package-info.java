/**
 * The gateway's settings and the wiring behind its edge: properties, the Keycloak client
 * registration, where browser logins keep their state, mutual TLS to the services, TLS to
 * Redis, and the circuit breakers' fallback.
 */
package com.example.shop.gateway.config;
