/**
 * Calling the platform over HTTP: API client, browser, JSON, admin paths to refuse.
 */
package com.example.shop.testsupport.http;
