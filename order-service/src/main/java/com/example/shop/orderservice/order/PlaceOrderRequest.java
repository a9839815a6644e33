package com.example.shop.orderservice.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a user may say when placing an order: which products, how many. Anything else in
 * the body (an owner, a price, a status) has no field here and is dropped.
 *
 * @param items the order lines
 */
public record PlaceOrderRequest(@NotEmpty @Size(max = 20) List<@Valid @NotNull Item> items) {

	/**
	 * What identifies this request among a user's requests with one
	 * {@code Idempotency-Key}: the SHA-256 of its lines in their order. Fields the record
	 * drops, spacing and the order of JSON keys do not count; another product, quantity
	 * or line order does.
	 * @return the fingerprint, 64 hex digits
	 */
	String fingerprint() {
		String canonical = this.items.stream()
			.map((item) -> item.sku() + "*" + item.quantity())
			.collect(Collectors.joining(","));
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One line.
	 *
	 * @param sku the product
	 * @param quantity how many, 1 to 100
	 */
	public record Item(@NotNull @Pattern(regexp = "[A-Z0-9-]{1,32}") String sku, @Min(1) @Max(100) int quantity) {

	}

}
