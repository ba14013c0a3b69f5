package io.seqgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown (README.md, BENCHMARKS.md, docs/, the READMEs beside
 * the code) points at a file or directory that exists inside the repository, and a link with a
 * {@code #anchor} into a Markdown file at a heading of that file, by GitHub's rule for heading anchors. A
 * section moved from one page to another, or renamed, fails here with every link it left behind.
 */
class DocsLinksTest {

    /** The repository's root, from the processor module's directory, where the tests run. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title; the target in group 1. */
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    /** {@code [label]: target}, a reference definition; the target in group 1. */
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*:|//)");
    private static final Pattern LINK_IN_HEADING = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");

    /** What GitHub drops from a heading's text to make its anchor: all but letters, digits, '_', '-', ' '. */
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() {
        List<Path> docs = markdownFiles(ROOT);
        assertThat(docs)
                .as("the Markdown files under %s", ROOT)
                .contains(ROOT.resolve("README.md"), ROOT.resolve("docs").resolve("design.md"));

        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            broken.addAll(brokenLinks(ROOT, doc));
        }

        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsRuleForHeadings() {
        assertThat(anchor("7. Throughput: where it goes next")).isEqualTo("7-throughput-where-it-goes-next");
        assertThat(anchor("Time limits and why they fit together")).isEqualTo("time-limits-and-why-they-fit-together");
        assertThat(anchor("`SEQGATE_SINK_MODE` and [the sink](async-sink.md)"))
                .isEqualTo("seqgate_sink_mode-and-the-sink");
        assertThat(anchor("Gate throughput ÷ raw pipe")).isEqualTo("gate-throughput--raw-pipe");
        assertThat(anchor("Fault scenarios: kills, a broker restart, an S3 outage"))
                .isEqualTo("fault-scenarios-kills-a-broker-restart-an-s3-outage");
    }

    @Test
    void aLinkToAMissingFileOrHeadingOrOutsideTheRepositoryIsReported(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs").resolve("a.md"), "# Heading one\n\n## Repeated\n\n## Repeated\n");
        Files.writeString(
                repo.resolve("README.md"),
                String.join(
                        "\n",
                        "# Intro",
                        "[fine](docs/a.md#heading-one), [second of two](docs/a.md#repeated-1), [here](#intro),"
                                + " [a directory](docs), [the web](https://example.com/x.md#y)",
                        "[no such file](docs/b.md)",
                        "[no such heading](docs/a.md#heading-two)",
                        "[outside](../elsewhere/notes.md)",
                        "`[in code](nowhere.md)`",
                        "```",
                        "[in a fenced block](nowhere.md)",
                        "```",
                        "[label]: docs/c.md",
                        ""));

        List<String> broken = brokenLinks(repo, repo.resolve("README.md"));

        assertThat(broken)
                .containsExactly(
                        "README.md:3: docs/b.md: no such file",
                        "README.md:4: docs/a.md#heading-two: no heading of docs/a.md makes the anchor #heading-two",
                        "README.md:5: ../elsewhere/notes.md: points outside the repository",
                        "README.md:10: docs/c.md: no such file");
    }

    /** Every *.md file under {@code root}, leaving out build output and hidden directories. */
    private static List<Path> markdownFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            String name = part.toString();
                            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per link of {@code doc} that leads nowhere: {@code file:line: target: why}. */
    private static List<String> brokenLinks(Path root, Path doc) {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsOf = new HashMap<>();
        String where = root.relativize(doc).toString().replace('\\', '/');
        List<String> lines = read(doc);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("code");
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.find()) {
                targets.add(reference.group(1));
            }
            for (String target : targets) {
                String why = whyBroken(root, doc, target, anchorsOf);
                if (why != null) {
                    broken.add(where + ":" + (i + 1) + ": " + target + ": " + why);
                }
            }
        }
        return broken;
    }

    /** Why {@code target}, linked from {@code doc}, leads nowhere, or null when it leads somewhere. */
    private static String whyBroken(Path root, Path doc, String target, Map<Path, Set<String>> anchorsOf) {
        if (target.isEmpty() || SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = decode(hash < 0 ? target : target.substring(0, hash));
        String fragment = hash < 0 ? "" : decode(target.substring(hash + 1));
        Path file;
        if (path.isEmpty()) {
            file = doc;
        } else if (path.startsWith("/")) {
            file = root.resolve(path.substring(1)).normalize();
        } else {
            file = doc.getParent().resolve(path).normalize();
        }
        if (!file.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (fragment.isEmpty() || !Files.isRegularFile(file) || !file.toString().endsWith(".md")) {
            return null;
        }
        Set<String> anchors = anchorsOf.computeIfAbsent(file, DocsLinksTest::anchors);
        if (anchors.contains(fragment)) {
            return null;
        }
        return "no heading of " + root.relativize(file).toString().replace('\\', '/') + " makes the anchor #"
                + fragment;
    }

    /** The anchors the headings of {@code doc} make, a repeated one numbered as GitHub does ("-1", "-2"). */
    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : read(doc)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String anchor = anchor(heading.group(1));
            int times = seen.merge(anchor, 1, Integer::sum);
            anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text as rendered (a link's text, code without backticks), lower
     * case, with everything but letters, digits, '_', '-' and spaces dropped, and each space a '-'.
     */
    static String anchor(String heading) {
        String text = LINK_IN_HEADING.matcher(heading).replaceAll("$1");
        text = NOT_IN_ANCHOR.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
        return text.replace(' ', '-');
    }

    /** Percent-escapes decoded; a '+' stays a '+', as in a URL's path. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<String> read(Path doc) {
        try {
            return Files.readAllLines(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
