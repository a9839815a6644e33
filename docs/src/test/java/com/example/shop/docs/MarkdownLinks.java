package com.example.shop.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The relative links of Markdown files, and which of them lead nowhere: a link to a file
 * or a folder of the repository must name one that exists, and a {@code #fragment} into a
 * Markdown file must name one of its headings (as the code host makes their anchors).
 * Links in code blocks and code spans are not links; links with a scheme are not checked.
 */
final class MarkdownLinks {

	private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".mvn", ".idea");

	private MarkdownLinks() {
	}

	/**
	 * The repository's root, above this module.
	 */
	static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
	}

	/**
	 * Every Markdown file of the repository, build output and test fixtures aside.
	 */
	static List<Path> files(Path root) {
		List<Path> files = new ArrayList<>();
		try (Stream<Path> paths = Files.walk(root)) {
			paths.filter((path) -> path.toString().endsWith(".md"))
				.filter((path) -> !root.relativize(path).toString().contains("src/test/resources/"))
				.filter((path) -> {
					for (Path part : root.relativize(path)) {
						if (SKIPPED_DIRECTORIES.contains(part.toString())) {
							return false;
						}
					}
					return true;
				})
				.sorted()
				.forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/**
	 * The link targets of a Markdown text, outside code.
	 */
	static List<String> targets(String markdown) {
		String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
		List<String> targets = new ArrayList<>();
		Matcher matcher = LINK.matcher(text);
		while (matcher.find()) {
			targets.add(matcher.group(1));
		}
		return targets;
	}

	/**
	 * The links of a file that lead nowhere, each as {@code file: target (why)}.
	 */
	static List<String> broken(Path root, Path file) {
		String markdown = read(file);
		List<String> broken = new ArrayList<>();
		for (String target : targets(markdown)) {
			if (SCHEME.matcher(target).find()) {
				continue;
			}
			String problem = problem(root, file, markdown, target);
			if (problem != null) {
				broken.add(root.relativize(file) + ": " + target + " (" + problem + ")");
			}
		}
		return broken;
	}

	private static String problem(Path root, Path file, String markdown, String target) {
		int hash = target.indexOf('#');
		String pathPart = (hash >= 0) ? target.substring(0, hash) : target;
		String fragment = (hash >= 0) ? target.substring(hash + 1) : null;
		Path linked = file;
		if (!pathPart.isEmpty()) {
			String decoded = URLDecoder.decode(pathPart, StandardCharsets.UTF_8);
			linked = (decoded.startsWith("/") ? root.resolve(decoded.substring(1)) : file.getParent().resolve(decoded))
				.normalize();
			if (!linked.startsWith(root)) {
				return "outside the repository";
			}
			if (!Files.exists(linked)) {
				return "no such file";
			}
		}
		if (fragment != null && linked.toString().endsWith(".md")) {
			String text = linked.equals(file) ? markdown : read(linked);
			if (!anchors(text).contains(fragment.toLowerCase(Locale.ROOT))) {
				return "no such heading";
			}
		}
		return null;
	}

	/**
	 * The anchors the code host makes of a text's headings: lower case, punctuation
	 * dropped, spaces as hyphens.
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new HashSet<>();
		String text = FENCE.matcher(markdown).replaceAll("");
		for (String line : text.split("\n")) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String anchor = heading.group(1)
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-');
				String unique = anchor;
				for (int n = 1; anchors.contains(unique); n++) {
					unique = anchor + "-" + n;
				}
				anchors.add(unique);
			}
		}
		return anchors;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
