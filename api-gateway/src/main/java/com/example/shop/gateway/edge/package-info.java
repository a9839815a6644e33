/**
 * The gateway's edge: every decision about a request on the public port, in the order the
 * request meets it ({@link com.example.shop.gateway.edge.EdgeOrder}). First the request
 * is made canonical or refused
 * ({@link com.example.shop.gateway.edge.CanonicalRequestFilter}), so that every later
 * rule, the router and the services read one and the same path; then its client address
 * is settled ({@link com.example.shop.gateway.edge.ClientAddressFilter}), a cross-origin
 * call's origin checked, its body size, the rate limit of the login endpoints, Spring
 * Security ({@link com.example.shop.gateway.edge.SecurityConfiguration}: bearer tokens,
 * browser sessions, CSRF), and after routing the route filters: the admin address
 * allow-list, the per-user rate limit and the circuit breaker.
 */
package com.example.shop.gateway.edge;
