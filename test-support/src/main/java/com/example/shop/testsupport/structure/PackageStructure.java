package com.example.shop.testsupport.structure;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure every module keeps, checked by its StructureTests: no cycle between its
 * packages, and no code of one deployable that uses another's (they share only the named
 * modules: service-security, dev-pki).
 */
public final class PackageStructure {

	private static final List<String> DEPLOYABLES = List.of("com.example.shop.gateway", "com.example.shop.orderservice",
			"com.example.shop.paymentservice");

	private PackageStructure() {
	}

	/**
	 * What a module's main code breaks of the rules.
	 * @param rootPackage the module's root package, such as
	 * {@code com.example.shop.gateway}
	 * @return the violations, none when the structure holds
	 */
	public static List<String> violations(String rootPackage) {
		return violations(rootPackage,
				new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
					.importPackages(rootPackage));
	}

	/**
	 * What the given classes break of the rules.
	 * @param rootPackage their root package
	 * @param classes the classes, of that package and below
	 * @return the violations
	 */
	public static List<String> violations(String rootPackage, JavaClasses classes) {
		List<ArchRule> rules = new ArrayList<>();
		rules.add(slices().matching(rootPackage + ".(**)")
			.should()
			.beFreeOfCycles()
			.as("the packages of " + rootPackage + " are free of cycles")
			.allowEmptyShould(true));
		for (String deployable : DEPLOYABLES) {
			if (!deployable.equals(rootPackage)) {
				rules.add(noClasses().should()
					.dependOnClassesThat()
					.resideInAPackage(deployable + "..")
					.as(rootPackage + " does not use " + deployable)
					.allowEmptyShould(true));
			}
		}
		List<String> violations = new ArrayList<>();
		for (ArchRule rule : rules) {
			violations.addAll(rule.evaluate(classes).getFailureReport().getDetails());
		}
		return violations;
	}

}
