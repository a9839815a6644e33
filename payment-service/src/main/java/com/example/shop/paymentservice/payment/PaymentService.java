package com.example.shop.paymentservice.payment;

import java.util.Optional;
import java.util.UUID;

import com.example.shop.paymentservice.config.PaymentProperties;
import com.example.shop.security.NotFoundWhenDenied;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authorizes payments exactly once per user and idempotency key, and serves them to their
 * owners.
 */
@Service
public class PaymentService {

	private static final Logger logger = LoggerFactory.getLogger(PaymentService.class);

	private final PaymentRepository payments;

	private final PaymentProperties properties;

	PaymentService(PaymentRepository payments, PaymentProperties properties) {
		this.payments = payments;
		this.properties = properties;
	}

	/**
	 * Authorizes a payment, or replays the stored result of the same request under the
	 * same key.
	 * @param requester the user the payment is for, and who asks
	 * @param idempotencyKey the caller's key for this request
	 * @param request what to authorize
	 * @return the payment and whether it is a replay
	 */
	public Authorization authorize(PaymentRequester requester, String idempotencyKey, AuthorizePaymentRequest request) {
		Authorization authorization = authorizeOnce(requester, idempotencyKey, request);
		// The audit line: the user the payment is for, the service that called, and the
		// client the token was issued to; never the token itself.
		logger.info("Payment {} {} for order {}{}: user={} caller={} client={}", authorization.payment().paymentId(),
				authorization.payment().status(), request.orderId(), authorization.replayed() ? " (replayed)" : "",
				requester.ownerSub(), requester.callerService(), requester.tokenClient());
		return authorization;
	}

	private Authorization authorizeOnce(PaymentRequester requester, String idempotencyKey,
			AuthorizePaymentRequest request) {
		String ownerSub = requester.ownerSub();
		String fingerprint = request.fingerprint();
		Optional<Payment> existing = this.payments.findByOwnerSubAndIdempotencyKey(ownerSub, idempotencyKey);
		if (existing.isPresent()) {
			return replay(existing.get(), fingerprint);
		}
		if (this.payments.existsByOrderId(request.orderId())) {
			throw PaymentErrors.orderAlreadyPaid();
		}
		PaymentStatus decision = (request.amount().compareTo(this.properties.authorizationLimit()) <= 0)
				? PaymentStatus.AUTHORIZED : PaymentStatus.DECLINED;
		try {
			Payment payment = this.payments.saveAndFlush(new Payment(request.orderId(), requester, request.amount(),
					request.currency(), decision, idempotencyKey, fingerprint));
			return new Authorization(PaymentView.of(payment), false);
		}
		catch (DataIntegrityViolationException ex) {
			// A concurrent request with the same key, or for the same order, was
			// stored first.
			return this.payments.findByOwnerSubAndIdempotencyKey(ownerSub, idempotencyKey)
				.map((payment) -> replay(payment, fingerprint))
				.orElseThrow(PaymentErrors::orderAlreadyPaid);
		}
	}

	public Page<PaymentView> listOwn(String ownerSub, Pageable pageable) {
		return this.payments.findByOwnerSub(ownerSub, pageable).map(PaymentView::of);
	}

	public Page<PaymentView> listAll(Pageable pageable) {
		return this.payments.findAll(pageable).map(PaymentView::of);
	}

	public PaymentView find(UUID id) {
		return PaymentView.of(this.payments.findByPublicId(id).orElseThrow(NotFoundWhenDenied::notFound));
	}

	@Transactional
	public PaymentView refund(UUID id) {
		Payment payment = this.payments.findByPublicId(id).orElseThrow(NotFoundWhenDenied::notFound);
		if (payment.getStatus() != PaymentStatus.AUTHORIZED) {
			throw PaymentErrors.notRefundable();
		}
		payment.refund();
		return PaymentView.of(payment);
	}

	/**
	 * Whether the payment exists and belongs to the user; used in {@code @PreAuthorize}.
	 * @param id the payment's public id
	 * @param ownerSub the user's {@code sub}
	 * @return {@code true} for the owner of an existing payment
	 */
	public boolean isOwner(UUID id, String ownerSub) {
		return this.payments.existsByPublicIdAndOwnerSub(id, ownerSub);
	}

	private static Authorization replay(Payment payment, String fingerprint) {
		if (!payment.getRequestFingerprint().equals(fingerprint)) {
			throw PaymentErrors.idempotencyKeyReused();
		}
		return new Authorization(PaymentView.of(payment), true);
	}

	/**
	 * The outcome of an authorization request.
	 *
	 * @param payment the stored payment
	 * @param replayed whether an earlier result was replayed
	 */
	public record Authorization(PaymentView payment, boolean replayed) {

	}

}
