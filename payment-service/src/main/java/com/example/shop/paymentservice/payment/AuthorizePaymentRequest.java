package com.example.shop.paymentservice.payment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * What order-service asks: authorize this amount for this order.
 *
 * @param orderId the order's public id
 * @param amount the amount, positive, two decimals at most
 * @param currency ISO 4217 code
 * @param customerId the {@code sub} of the user the payment is for; with a user's token
 * it must be that user (or absent), with order-service's own token it is required
 */
public record AuthorizePaymentRequest(@NotNull UUID orderId,
		@NotNull @DecimalMin(value = "0.01") @DecimalMax("1000000.00") @Digits(integer = 10,
				fraction = 2) BigDecimal amount,
		@NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
		@Pattern(regexp = "[A-Za-z0-9-]{1,64}") String customerId) {

	/**
	 * A digest of the request's meaning, to tell a replay (same key, same request) from a
	 * reuse of the key for another request. {@code 10.5} and {@code 10.50} are the same
	 * amount.
	 * @return the SHA-256 hex digest
	 */
	String fingerprint() {
		String canonical = this.orderId + "|" + this.amount.stripTrailingZeros().toPlainString() + "|" + this.currency;
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
