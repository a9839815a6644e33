package com.example.shop.orderservice.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;

import com.example.shop.orderservice.catalogue.Product;

/**
 * An order, owned by the user whose token placed it. Owner, prices, total and status are
 * set here, never taken from a request.
 */
@Entity
@Table(name = "orders")
class Order {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "public_id", nullable = false, updatable = false)
	private UUID publicId;

	@Column(name = "owner_sub", nullable = false, updatable = false)
	private String ownerSub;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private OrderStatus status;

	@Column(nullable = false, updatable = false)
	private BigDecimal total;

	@Column(nullable = false, updatable = false)
	private String currency;

	@Column(name = "payment_key", nullable = false, updatable = false)
	private String paymentKey;

	@Column(name = "client_key", updatable = false)
	private String clientKey;

	@Column(name = "request_fingerprint", updatable = false)
	private String requestFingerprint;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private int version;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@BatchSize(size = 100)
	private List<OrderItem> items = new ArrayList<>();

	protected Order() {
	}

	Order(String ownerSub, String currency) {
		this(ownerSub, currency, null, null);
	}

	/**
	 * A new order, placed with a client's idempotency key or without one.
	 * @param ownerSub the user placing it
	 * @param currency the currency of its products
	 * @param clientKey the request's {@code Idempotency-Key}, or {@code null}
	 * @param requestFingerprint the request's fingerprint with a key, else {@code null}
	 */
	Order(String ownerSub, String currency, String clientKey, String requestFingerprint) {
		this.clientKey = clientKey;
		this.requestFingerprint = requestFingerprint;
		this.publicId = UUID.randomUUID();
		this.ownerSub = ownerSub;
		this.currency = currency;
		this.status = OrderStatus.PENDING_PAYMENT;
		this.paymentKey = "order-" + this.publicId;
		this.total = BigDecimal.ZERO;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	void add(Product product, int quantity) {
		OrderItem item = new OrderItem(this, product.getSku(), quantity, product.getPrice());
		this.items.add(item);
		this.total = this.total.add(item.lineTotal());
	}

	void settle(boolean paid) {
		this.status = paid ? OrderStatus.CONFIRMED : OrderStatus.PAYMENT_FAILED;
		this.updatedAt = Instant.now();
	}

	/**
	 * Whether this order was placed by a request with this fingerprint.
	 * @param fingerprint a request's fingerprint
	 * @return {@code true} for the request that placed it
	 */
	boolean placedBy(String fingerprint) {
		return fingerprint.equals(this.requestFingerprint);
	}

	Long getId() {
		return this.id;
	}

	UUID getPublicId() {
		return this.publicId;
	}

	OrderStatus getStatus() {
		return this.status;
	}

	BigDecimal getTotal() {
		return this.total;
	}

	String getCurrency() {
		return this.currency;
	}

	String getOwnerSub() {
		return this.ownerSub;
	}

	String getPaymentKey() {
		return this.paymentKey;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	List<OrderItem> getItems() {
		return this.items;
	}

}
