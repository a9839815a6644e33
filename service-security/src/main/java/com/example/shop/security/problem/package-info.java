/**
 * The RFC 9457 bodies of the security answers, shared by the resource server's handlers,
 * the mutual-TLS caller filter and the gateway.
 */
package com.example.shop.security.problem;
