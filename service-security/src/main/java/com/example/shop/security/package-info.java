/**
 * Security shared by the resource servers: JWT validation, Keycloak authorities, error
 * answers.
 */
package com.example.shop.security;
