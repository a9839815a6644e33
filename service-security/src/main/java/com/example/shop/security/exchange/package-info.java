/**
 * OAuth 2.0 Token Exchange (RFC 8693) with Keycloak's standard token exchange: a service
 * trades the user's token it received for one whose {@code aud} names only the service it
 * calls next, with only the scopes that service needs, and keeps it for reuse until
 * shortly before it (or the token it came from) expires.
 */
package com.example.shop.security.exchange;
