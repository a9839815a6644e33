/**
 * Mutual TLS between the platform's services: certificates from SSL bundles that reload,
 * service identities from subject alternative names, per-path caller allow-lists.
 */
package com.example.shop.security.mtls;
