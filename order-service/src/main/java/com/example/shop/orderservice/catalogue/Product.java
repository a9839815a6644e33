package com.example.shop.orderservice.catalogue;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A product of the catalogue, with the price the service charges for it.
 */
@Entity
@Table(name = "products")
public class Product {

	@Id
	private String sku;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private BigDecimal price;

	@Column(nullable = false)
	private String currency;

	@Column(nullable = false)
	private boolean active;

	protected Product() {
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public String getCurrency() {
		return this.currency;
	}

	public boolean isActive() {
		return this.active;
	}

}
