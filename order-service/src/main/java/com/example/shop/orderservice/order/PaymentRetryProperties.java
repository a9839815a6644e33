package com.example.shop.orderservice.order;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How pending payments are retried.
 *
 * @param interval the pause between two runs
 * @param minAge how old a pending order must be before it is retried; longer than a
 * payment call may take, so that a call still in flight is not overtaken
 * @param batchSize how many orders one run retries at most
 */
@ConfigurationProperties("shop.payment-retry")
@Validated
record PaymentRetryProperties(@NotNull Duration interval, @NotNull Duration minAge, @Min(1) @Max(500) int batchSize) {

}
