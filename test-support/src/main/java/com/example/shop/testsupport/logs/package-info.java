/**
 * Reading the platform's structured log lines in tests.
 */
package com.example.shop.testsupport.logs;
