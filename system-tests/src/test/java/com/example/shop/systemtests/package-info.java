/**
 * Black-box tests of the compose platform, through the gateway on 127.0.0.1.
 */
package com.example.shop.systemtests;
