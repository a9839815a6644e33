package com.example.shop.gateway;

import com.example.shop.testsupport.structure.PackageStructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's packages have no cycle, and it uses no other deployable's code
 * (PackageStructure).
 */
class StructureTests {

	@Test
	void packagesWhenImportedThenNoCycleAndNoOtherDeployable() {
		assertThat(PackageStructure.violations("com.example.shop.gateway")).isEmpty();
	}

}
