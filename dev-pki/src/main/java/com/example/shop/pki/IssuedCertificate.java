package com.example.shop.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate with its private key.
 *
 * @param certificate the certificate
 * @param privateKey its private key
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

}
