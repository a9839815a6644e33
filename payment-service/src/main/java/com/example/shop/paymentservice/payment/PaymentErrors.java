package com.example.shop.paymentservice.payment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The payment errors a client can cause, as RFC 9457 problem details.
 */
final class PaymentErrors {

	private PaymentErrors() {
	}

	static ErrorResponseException idempotencyKeyReused() {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was already used for a different request.");
	}

	static ErrorResponseException orderAlreadyPaid() {
		return problem(HttpStatus.CONFLICT, "This order already has a payment.");
	}

	static ErrorResponseException notRefundable() {
		return problem(HttpStatus.CONFLICT, "Only an authorized payment can be refunded.");
	}

	static ErrorResponseException customerRequired() {
		return problem(HttpStatus.BAD_REQUEST, "A payment without a user's token must name the customer.");
	}

	private static ErrorResponseException problem(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

}
