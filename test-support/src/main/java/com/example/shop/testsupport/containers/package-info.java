/**
 * PostgreSQL and Redis containers from the configured images, for Spring Boot tests.
 */
package com.example.shop.testsupport.containers;
