package com.example.shop.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation holds to the repository: every relative link of every Markdown file
 * leads to a file of the repository (and a heading, for a fragment), the README's Learn
 * section links every guide of {@code docs/}, and each threat of the threat model names
 * its control in the code and the test that shows it holds, or says that it is not
 * covered.
 */
class DocumentationTests {

	private static final Path ROOT = MarkdownLinks.repositoryRoot();

	private static final List<String> GUIDES = List.of("docs/architecture.md", "docs/threat-model.md",
			"docs/seed-questions.md", "docs/runbooks.md", "docs/token-propagation.md", "docs/internal-mtls.md");

	@Test
	void linksWhenFollowedThenEachLeadsToAFileOfTheRepository() {
		List<Path> files = MarkdownLinks.files(ROOT);
		assertThat(files).map((file) -> ROOT.relativize(file).toString())
			.contains("README.md", "docs/architecture.md", "docs/threat-model.md");
		List<String> broken = new ArrayList<>();
		files.forEach((file) -> broken.addAll(MarkdownLinks.broken(ROOT, file)));
		assertThat(broken).isEmpty();
	}

	@Test
	void linksWhenTheyLeadNowhereThenEachIsReported() {
		Path sample = Path.of("src/test/resources/broken/sample.md").toAbsolutePath();

		assertThat(MarkdownLinks.broken(ROOT, sample)).containsExactly(
				"docs/src/test/resources/broken/sample.md: missing.md (no such file)",
				"docs/src/test/resources/broken/sample.md: #third-part (no such heading)",
				"docs/src/test/resources/broken/sample.md: ../../../../../README.md#no-such-section (no such heading)",
				"docs/src/test/resources/broken/sample.md: ../../../../../../../etc/passwd (outside the repository)");
	}

	@Test
	void readmeWhenReadThenItsLearnSectionLinksEveryGuide() {
		String readme = MarkdownLinks.read(ROOT.resolve("README.md"));
		int learn = readme.indexOf("\n## Learn\n");
		assertThat(learn).as("a Learn section in README.md").isPositive();
		int next = readme.indexOf("\n## ", learn + 1);
		List<String> linked = MarkdownLinks.targets(readme.substring(learn, (next > 0) ? next : readme.length()));
		assertThat(linked).containsAll(GUIDES);
	}

	/**
	 * Each row of the threat model's tables is a threat: it links the code or
	 * configuration of its control and a test that shows the control holds, or it says it
	 * is not covered (and why).
	 */
	@Test
	void threatModelWhenReadThenEachThreatLinksItsControlAndItsTestOrSaysItIsNotCovered() {
		String model = MarkdownLinks.read(ROOT.resolve("docs/threat-model.md"));
		List<String> unproven = new ArrayList<>();
		int threats = 0;
		for (String line : model.split("\n")) {
			if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| Threat")) {
				continue;
			}
			threats++;
			List<String> links = MarkdownLinks.targets(line);
			boolean notCovered = line.toLowerCase(Locale.ROOT).contains("not covered");
			boolean test = links.stream().anyMatch((link) -> link.contains("/src/test/"));
			boolean control = links.stream().anyMatch((link) -> !link.contains("/src/test/"));
			if (!notCovered && !(test && control)) {
				unproven.add(line);
			}
		}
		assertThat(threats).as("threats in the model").isGreaterThanOrEqualTo(20);
		assertThat(unproven).isEmpty();
	}

}
