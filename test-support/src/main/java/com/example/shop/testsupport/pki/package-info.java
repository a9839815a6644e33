/**
 * The test JVM's platform PKI: certificates, TLS probes, mounted TLS secrets.
 */
package com.example.shop.testsupport.pki;
