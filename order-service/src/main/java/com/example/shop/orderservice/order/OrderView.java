package com.example.shop.orderservice.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as clients see it: no internal id, no owner, no payment key.
 *
 * @param orderId the order's public id
 * @param status where it stands
 * @param items its lines
 * @param total the total the service computed
 * @param currency ISO 4217 code
 * @param createdAt when it was placed
 */
public record OrderView(UUID orderId, OrderStatus status, List<Line> items, BigDecimal total, String currency,
		Instant createdAt) {

	static OrderView of(Order order) {
		return new OrderView(order.getPublicId(), order.getStatus(),
				order.getItems()
					.stream()
					.map((item) -> new Line(item.getSku(), item.getQuantity(), item.getUnitPrice()))
					.toList(),
				order.getTotal(), order.getCurrency(), order.getCreatedAt());
	}

	/**
	 * One line of the order.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice the price charged per unit
	 */
	public record Line(String sku, int quantity, BigDecimal unitPrice) {

	}

}
