/**
 * Orders: placed from catalogue items, owned by the user who placed them.
 */
package com.example.shop.orderservice.order;
