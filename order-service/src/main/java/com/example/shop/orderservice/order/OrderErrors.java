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

}
