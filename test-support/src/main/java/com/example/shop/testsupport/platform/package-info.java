/**
 * The platform's service names (loopback in test JVMs) and repository files.
 */
package com.example.shop.testsupport.platform;
