package com.example.shop.orderservice.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The order errors a client can cause, as RFC 9457 problem details.
 */
final class OrderErrors {

	private OrderErrors() {
	}

	static ErrorResponseException unknownProducts() {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
				HttpStatus.BAD_REQUEST, "The order names products that are not in the catalogue."), null);
	}

	static ErrorResponseException duplicateProduct() {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail
			.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Each product may appear in one line of an order only."), null);
	}

	static ErrorResponseException mixedCurrencies() {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail
			.forStatusAndDetail(HttpStatus.BAD_REQUEST, "All products of an order must have the same currency."), null);
	}

	static ErrorResponseException idempotencyKeyReused() {
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT,
				ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
						"This Idempotency-Key was used with another request; use a new key for a new order."),
				null);
	}

	static ErrorResponseException notDeletable(OrderStatus status) {
		return new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				(status == OrderStatus.CONFIRMED) ? "A paid order cannot be deleted: its payment is authorized."
						: "An order whose payment is not settled cannot be deleted: the payment may be authorized."),
				null);
	}

}
