package com.example.shop.paymentservice.config;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings of the payment decision, bound from {@code shop.payments.*}.
 *
 * @param authorizationLimit amounts above it are declined (the demo's stand-in for a
 * payment provider's decision)
 */
@ConfigurationProperties("shop.payments")
public record PaymentProperties(@DefaultValue("1000.00") BigDecimal authorizationLimit) {

	public PaymentProperties {
		Assert.isTrue(authorizationLimit.signum() > 0, "shop.payments.authorization-limit must be positive");
	}

}
