/**
 * Services run from their executable jars as processes, on free local ports.
 */
package com.example.shop.testsupport.process;
