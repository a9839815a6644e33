package com.example.shop.paymentservice.payment;

import com.example.shop.security.mtls.ServiceCaller;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a payment is for and who asks for it.
 *
 * @param ownerSub the user the payment is for
 * @param callerService the calling service, from its client certificate
 * @param tokenClient the OAuth client the access token was issued to ({@code azp})
 */
public record PaymentRequester(String ownerSub, String callerService, String tokenClient) {

	/**
	 * The requester of a call to the internal API. A user's token pays for that user
	 * only; a token without a user (order-service's client credentials, which
	 * {@code @PreAuthorize} let through with {@code payments:charge}) must name the
	 * customer, the owner of the order it retries.
	 * @param token the call's access token
	 * @param customerId the customer the request names, or {@code null}
	 * @return the requester
	 */
	static PaymentRequester of(JwtAuthenticationToken token, String customerId) {
		boolean user = token.getAuthorities()
			.stream()
			.anyMatch((authority) -> "ROLE_USER".equals(authority.getAuthority()));
		String owner;
		if (user) {
			if (customerId != null && !customerId.equals(token.getName())) {
				throw new AccessDeniedException("A user's token pays for that user only");
			}
			owner = token.getName();
		}
		else if (customerId != null) {
			owner = customerId;
		}
		else {
			throw PaymentErrors.customerRequired();
		}
		String client = token.getToken().getClaimAsString("azp");
		return new PaymentRequester(owner, ServiceCaller.current().orElse("unknown"),
				(client != null) ? client : "unknown");
	}

}
