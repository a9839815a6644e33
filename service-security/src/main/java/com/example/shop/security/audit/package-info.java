/**
 * Security audit events: one shape for every service's log lines and counters.
 */
package com.example.shop.security.audit;
