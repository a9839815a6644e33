/**
 * The demo's front door: a small page for logged-in browsers and who they are.
 */
package com.example.shop.gateway.frontdoor;
