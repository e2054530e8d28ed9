package dev.jmlbench.ci.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pull-request procedure, end to end, as the workflow runs it ({@code ci/compare-commits.sh}): a temporary git
 * repository cloned from this one's committed {@code HEAD}, with two head commits on top of it,
 * <ul>
 *   <li>one that makes the reference engine's {@code predict} take three times as long (a third of the throughput),
 *       a change in an engine module, so it can only be seen if the head is measured with the head's own jars;</li>
 *   <li>one that changes nothing but the README.</li>
 * </ul>
 * Each is built and measured against the base (base, head, base; smoke preset, one small task on one engine to
 * fit the budget); the slower head must fail with the throughput regression confirmed by a re-run of both
 * commits, the unchanged head must pass.
 *
 * <p>The slowdown is threefold, not the 30% the thresholds are tuned for: this check proves the procedure (the
 * head's own jars are measured, an alert is confirmed by a fresh base-head-base re-run, the exit code), and a CI
 * runner's forks spread by a quarter, so a 30% slowdown was once measured at -44% and then, in the re-run, at an
 * inconclusive -17%: left unconfirmed, as the procedure should, and the build failed on the test. How often a 30%
 * slowdown is caught is measured, not asserted: {@code ci/README.md}.
 *
 * <p>A timing check on real measurements, about six minutes: it runs only when asked
 * ({@code -Djmlbench.compareCommits=true}), as {@code .ci/run} does after the test suite, never in the default test
 * run, where a noisy machine must not break the build. Uncommitted changes of this checkout are not in the clone.
 */
@EnabledIfSystemProperty(named = "jmlbench.compareCommits", matches = "true")
class CompareCommitsEndToEndTest {
    private static final Path CI = Path.of("").toAbsolutePath().getFileName().toString().equals("ci")
            ? Path.of("").toAbsolutePath() : Path.of("ci").toAbsolutePath();
    private static final Path WORK = CI.resolve("target").resolve("compare-commits-e2e");
    private static final Path REPO = WORK.resolve("repo");
    /** The line the slower commit replaces; the test fails with this name if the engine's code moved. */
    private static final String PREDICT_FILE = "reference-models/src/main/java/dev/jmlbench/reference/ReferenceModel.java";
    private static final String PREDICT_LINE =
            "        return Network.rows(network.forward(x, features.length, Pass.INFERENCE), features.length);\n";
    private static final String SLOWER_PREDICT = """
                    long start = System.nanoTime();
                    float[][] out = Network.rows(network.forward(x, features.length, Pass.INFERENCE), features.length);
                    long until = System.nanoTime() + (System.nanoTime() - start) * 2; // three times the time
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return out;
            """;

    private static String base;
    private static String slower;
    private static String unchanged;

    @BeforeAll
    static void repository() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path root = CI.getParent();
        exec(WORK, "git", "clone", "--quiet", root.toString(), REPO.toString());
        exec(REPO, "git", "config", "user.email", "e2e@jmlbench.invalid");
        exec(REPO, "git", "config", "user.name", "jmlbench end-to-end check");
        base = exec(REPO, "git", "rev-parse", "HEAD").strip();

        exec(REPO, "git", "checkout", "--quiet", "-b", "slower", base);
        Path predict = REPO.resolve(PREDICT_FILE);
        String code = Files.readString(predict);
        assertEquals(1, code.split(java.util.regex.Pattern.quote(PREDICT_LINE), -1).length - 1,
                PREDICT_FILE + " no longer has the line this check slows down; update PREDICT_LINE");
        Files.writeString(predict, code.replace(PREDICT_LINE, SLOWER_PREDICT));
        exec(REPO, "git", "commit", "--quiet", "-am", "reference engine: predict takes three times as long");
        slower = exec(REPO, "git", "rev-parse", "HEAD").strip();

        exec(REPO, "git", "checkout", "--quiet", "-b", "unchanged", base);
        Files.writeString(REPO.resolve("README.md"), "\n", java.nio.file.StandardOpenOption.APPEND);
        exec(REPO, "git", "commit", "--quiet", "-am", "README only");
        unchanged = exec(REPO, "git", "rev-parse", "HEAD").strip();
    }

    /** Runs the workflow's script on the clone; its exit code, with its output kept in {@code name.log}. */
    private static int compareCommits(String head, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "ci/compare-commits.sh", base, head,
                "--tasks", "iris-logreg", "--engines", "reference", "--out", WORK.resolve(name).toString()));
        Path log = WORK.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // every dependency is in the local repository after the build that runs this test
        pb.environment().put("MVN", "mvn -o");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("compare-commits.sh ran past 30 minutes; see " + log);
        }
        System.out.println("[e2e] " + name + ": exit " + p.exitValue() + " (log: " + log + ")");
        // the comparison's table and verdict lines (JMH's own output is in the log)
        Files.readAllLines(log).stream().filter(l -> l.startsWith("[compare") || l.matches("  [A-Za-z].*"))
                .forEach(l -> System.out.println("[e2e]   " + l));
        return p.exitValue();
    }

    private static JsonNode throughputRow(String name) throws IOException {
        JsonNode verdict = new ObjectMapper().readTree(WORK.resolve(name).resolve("head-run").resolve("verdict.json")
                .toFile());
        for (JsonNode row : verdict.path("rows")) {
            if (row.path("engine").asText().equals("reference") && row.path("scenario").asText()
                    .equals("inference-throughput") && row.path("metric").asText().equals("throughput")) {
                return row;
            }
        }
        throw new AssertionError("no inference-throughput row of the reference engine in " + name + "'s verdict");
    }

    @Test
    void aThreefoldSlowerEngineInTheHeadFailsTheProcedure() throws Exception {
        int exit = compareCommits(slower, "slower");
        JsonNode row = throughputRow("slower");
        assertEquals(1, exit, "the slower head passed: " + row);
        assertEquals("REGRESSION", row.path("status").asText(), row.toString());
        assertEquals("CONFIRMED", row.path("confirmation").asText(), row.toString());
        assertTrue(row.path("note").asText().contains("re-run of both"), "confirmed against fresh base figures: "
                + row);
        List<String> headCode = Files.readAllLines(WORK.resolve("slower").resolve("head-code.txt"));
        assertEquals("commit " + slower, headCode.get(0), "the head measured is the slower commit");
        assertTrue(headCode.stream().anyMatch(l -> l.contains("/head/reference-models/target/")),
                "the head's class path has the head checkout's own engine jar: " + headCode);
    }

    @Test
    void aHeadThatChangesNothingPasses() throws Exception {
        int exit = compareCommits(unchanged, "unchanged");
        assertEquals(0, exit, "an unchanged head failed: " + throughputRow("unchanged"));
    }

    private static String exec(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
