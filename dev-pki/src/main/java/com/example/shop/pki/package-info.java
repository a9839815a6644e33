/**
 * The development PKI: a platform CA and the services' mTLS certificates.
 */
package com.example.shop.pki;
