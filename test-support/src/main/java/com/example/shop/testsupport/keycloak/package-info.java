/**
 * The test Keycloak with the realm shop: real logins, tokens, its admin API.
 */
package com.example.shop.testsupport.keycloak;
