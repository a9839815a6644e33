package com.example.shop.orderservice.order;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One line of an order, priced when the order was placed.
 */
@Entity
@Table(name = "order_items")
class OrderItem {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(optional = false)
	@JoinColumn(name = "order_id", nullable = false, updatable = false)
	private Order order;

	@Column(nullable = false, updatable = false)
	private String sku;

	@Column(nullable = false, updatable = false)
	private int quantity;

	@Column(name = "unit_price", nullable = false, updatable = false)
	private BigDecimal unitPrice;

	protected OrderItem() {
	}

	OrderItem(Order order, String sku, int quantity, BigDecimal unitPrice) {
		this.order = order;
		this.sku = sku;
		this.quantity = quantity;
		this.unitPrice = unitPrice;
	}

	String getSku() {
		return this.sku;
	}

	int getQuantity() {
		return this.quantity;
	}

	BigDecimal getUnitPrice() {
		return this.unitPrice;
	}

	BigDecimal lineTotal() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
