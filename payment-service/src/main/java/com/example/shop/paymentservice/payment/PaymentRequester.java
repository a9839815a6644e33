package com.example.shop.paymentservice.payment;

import com.example.shop.security.mtls.ServiceCaller;

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
	 * The requester of a call to the internal API, once {@code @PreAuthorize} has let it
	 * through (the token is the calling service's: its {@code azp} is the service its
	 * client certificate names; a user's token, exchanged by that service, names no
	 * customer or its own user; a token without a user carries {@code payments:charge}).
	 * The payment is for the customer the request names, else for the token's user. The
	 * calling service's own token (order-service's retries) has no user in it (no
	 * {@code USER} role), so it must name the customer.
	 * @param token the call's access token
	 * @param customerId the customer the request names, or {@code null}
	 * @return the requester
	 */
	static PaymentRequester of(JwtAuthenticationToken token, String customerId) {
		String client = token.getToken().getClaimAsString("azp");
		String caller = ServiceCaller.current().orElse("unknown");
		boolean user = token.getAuthorities()
			.stream()
			.anyMatch((authority) -> "ROLE_USER".equals(authority.getAuthority()));
		if (customerId == null && !user) {
			throw PaymentErrors.customerRequired();
		}
		String owner = (customerId != null) ? customerId : token.getName();
		return new PaymentRequester(owner, caller, (client != null) ? client : "unknown");
	}

}
