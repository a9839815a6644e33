/**
 * Rate limiting at the edge: Redis token buckets per user or client address.
 */
package com.example.shop.gateway.ratelimit;
