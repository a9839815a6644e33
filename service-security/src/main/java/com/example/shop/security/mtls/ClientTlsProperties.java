package com.example.shop.security.mtls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which SSL bundle a service that calls others over mutual TLS presents and trusts, bound
 * from {@code shop.security.mtls.*}; a service that calls no other leaves it unset.
 *
 * @param clientBundle the SSL bundle's name (certificate, key and the platform CA)
 */
@ConfigurationProperties("shop.security.mtls")
public record ClientTlsProperties(String clientBundle) {

}
