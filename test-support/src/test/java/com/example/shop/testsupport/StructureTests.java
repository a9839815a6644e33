package com.example.shop.testsupport;

import com.example.shop.testsupport.structure.PackageStructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * test-support's packages (keycloak, http, pki, containers, process, platform, structure)
 * have no cycle, and it uses no deployable's code (PackageStructure). Only the main
 * classes are imported: the cycle fixture of PackageStructureTests is test code.
 */
class StructureTests {

	@Test
	void packagesWhenImportedThenNoCycleAndNoOtherDeployable() {
		assertThat(PackageStructure.violations("com.example.shop.testsupport")).isEmpty();
	}

}
