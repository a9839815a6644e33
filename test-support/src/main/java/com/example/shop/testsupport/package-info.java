/**
 * Test support shared by every module: containers started once per test JVM and real
 * logins.
 */
package com.example.shop.testsupport;
