/**
 * The package structure every module's StructureTests checks (ArchUnit).
 */
package com.example.shop.testsupport.structure;
