package com.example.shop.paymentservice.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A payment of one order, owned by the user who placed it.
 */
@Entity
@Table(name = "payments")
class Payment {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "public_id", nullable = false, updatable = false)
	private UUID publicId;

	@Column(name = "order_id", nullable = false, updatable = false)
	private UUID orderId;

	@Column(name = "owner_sub", nullable = false, updatable = false)
	private String ownerSub;

	@Column(nullable = false, updatable = false)
	private BigDecimal amount;

	@Column(nullable = false, updatable = false)
	private String currency;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private PaymentStatus status;

	@Column(name = "idempotency_key", nullable = false, updatable = false)
	private String idempotencyKey;

	@Column(name = "request_fingerprint", nullable = false, updatable = false)
	private String requestFingerprint;

	@Column(name = "caller_service", nullable = false, updatable = false)
	private String callerService;

	@Column(name = "token_client", nullable = false, updatable = false)
	private String tokenClient;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private int version;

	protected Payment() {
	}

	Payment(UUID orderId, PaymentRequester requester, BigDecimal amount, String currency, PaymentStatus status,
			String idempotencyKey, String requestFingerprint) {
		this.publicId = UUID.randomUUID();
		this.orderId = orderId;
		this.ownerSub = requester.ownerSub();
		this.callerService = requester.callerService();
		this.tokenClient = requester.tokenClient();
		this.amount = amount;
		this.currency = currency;
		this.status = status;
		this.idempotencyKey = idempotencyKey;
		this.requestFingerprint = requestFingerprint;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	void refund() {
		this.status = PaymentStatus.REFUNDED;
		this.updatedAt = Instant.now();
	}

	UUID getPublicId() {
		return this.publicId;
	}

	UUID getOrderId() {
		return this.orderId;
	}

	String getOwnerSub() {
		return this.ownerSub;
	}

	BigDecimal getAmount() {
		return this.amount;
	}

	String getCurrency() {
		return this.currency;
	}

	PaymentStatus getStatus() {
		return this.status;
	}

	String getRequestFingerprint() {
		return this.requestFingerprint;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
