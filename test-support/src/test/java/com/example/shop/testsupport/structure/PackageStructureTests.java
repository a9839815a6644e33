package com.example.shop.testsupport.structure;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure rules catch what they are for: a cycle between two packages.
 * test-support's own packages are checked by its StructureTests.
 */
class PackageStructureTests {

	private static final String FIXTURE = "com.example.shop.testsupport.structure.fixture";

	@Test
	void violationsWhenTwoPackagesUseEachOtherThenCycleReported() {
		assertThat(PackageStructure.violations(FIXTURE, new ClassFileImporter().importPackages(FIXTURE)))
			.singleElement()
			.asString()
			.contains("Cycle detected", "a", "b");
	}

}
