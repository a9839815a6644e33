package com.example.shop.orderservice.payment;

import java.time.Duration;

import com.example.shop.security.mtls.ClientTls;
import com.example.shop.security.mtls.PooledMtlsHttpClient;
import feign.Client;
import feign.hc5.ApacheHttp5Client;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feign's HTTP client for payment-service: Apache HttpClient 5 over mutual TLS with
 * order-service's certificate (the shared {@link ClientTls}, from the {@code service} SSL
 * bundle), connections pooled and reused, the certificate followed when its files change,
 * each call a client span of the caller's trace.
 */
@Configuration(proxyBeanMethods = false)
class PaymentClientConfiguration {

	@Bean(destroyMethod = "close")
	CloseableHttpClient paymentHttpClient(ClientTls tls, ObjectProvider<ObservationRegistry> observations) {
		return PooledMtlsHttpClient.create(tls, Duration.ofSeconds(1), 50,
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	Client feignClient(CloseableHttpClient paymentHttpClient) {
		return new ApacheHttp5Client(paymentHttpClient);
	}

}
