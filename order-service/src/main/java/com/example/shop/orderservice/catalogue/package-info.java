/**
 * The product catalogue, public and read-only.
 */
package com.example.shop.orderservice.catalogue;
