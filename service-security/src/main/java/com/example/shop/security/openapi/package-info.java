/**
 * The services' OpenAPI documents: the realm's OAuth2 scheme, and each operation's access
 * rules and problem answers as {@link com.example.shop.security.openapi.ApiAccess} states
 * them.
 */
package com.example.shop.security.openapi;
