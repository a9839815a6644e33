package com.example.shop.security;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.MethodAuthorizationDeniedHandler;
import org.springframework.web.ErrorResponseException;

/**
 * Answers a denied ownership rule with 404, as if the resource did not exist, so that ids
 * of other users' resources leak nothing. Use with
 * {@code @HandleAuthorizationDenied(handlerClass = NotFoundWhenDenied.class)}.
 */
public final class NotFoundWhenDenied implements MethodAuthorizationDeniedHandler {

	@Override
	public Object handleDeniedInvocation(MethodInvocation invocation, AuthorizationResult result) {
		throw notFound();
	}

	/**
	 * The 404 this handler and a lookup that finds nothing both answer, so the two cannot
	 * be told apart.
	 * @return the exception to throw
	 */
	public static ErrorResponseException notFound() {
		return new ErrorResponseException(HttpStatus.NOT_FOUND,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such resource."), null);
	}

}
