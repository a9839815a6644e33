package com.example.shop.orderservice.order;

import java.util.List;

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
	 * One line.
	 *
	 * @param sku the product
	 * @param quantity how many, 1 to 100
	 */
	public record Item(@NotNull @Pattern(regexp = "[A-Z0-9-]{1,32}") String sku, @Min(1) @Max(100) int quantity) {

	}

}
