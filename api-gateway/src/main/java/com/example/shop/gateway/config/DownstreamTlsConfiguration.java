package com.example.shop.gateway.config;

import com.example.shop.security.mtls.ClientTls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mutual TLS to the services: the gateway's downstream client presents the gateway's
 * certificate from the {@code service} SSL bundle, trusts the platform CA only and
 * verifies the service's host name. NOTE: not through the gateway's own
 * {@code httpclient.ssl.ssl-bundle} property, which neither follows a renewed certificate
 * nor applies the bundle's protocols; the TLS context here delegates to the bundle's
 * current certificate, so new connections use a renewed one without a restart (pooled
 * ones are replaced within their 5 minute life).
 */
@Configuration(proxyBeanMethods = false)
class DownstreamTlsConfiguration {

	@Bean
	HttpClientCustomizer downstreamMutualTls(ClientTls tls) {
		SslContext context = new JdkSslContext(tls.sslContext(), true, null, IdentityCipherSuiteFilter.INSTANCE,
				ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, ClientTls.PROTOCOLS, false);
		// Reactor Netty turns on host name verification for a secured client.
		return (httpClient) -> httpClient.secure((ssl) -> ssl.sslContext(context));
	}

}
