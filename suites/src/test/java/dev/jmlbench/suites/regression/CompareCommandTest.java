package dev.jmlbench.suites.regression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jmlbench compare} through the command line: exit codes, verdict, history, report, errors. */
class CompareCommandTest {

    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(capture); // the command logs its table to System.err, as the other stages do
        try {
            int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8), capture, args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    private static RunResults run(String id, String commit, double... throughput) {
        EnvironmentInfo env = new EnvironmentInfo("Test CPU", "test family 1", List.of(), 2, 1L << 33, "Linux", "JVM", List.of(),
                Map.of(), commit, "2026-11-27T00:00:00Z");
        List<Double> forks = java.util.Arrays.stream(throughput).boxed().toList(); // one value per fork
        Measurement m = Measurement.of("iris-logreg", "reference", Names.SCENARIO_INFERENCE_THROUGHPUT,
                        Names.METRIC_THROUGHPUT).params(Map.of(Names.PARAM_BATCH_SIZE, "30", Names.PARAM_THREADS, "1"))
                .value(java.util.Arrays.stream(throughput).average().orElseThrow(), Names.UNIT_SAMPLES_PER_SECOND)
                .samples(throughput.length).rawScores(forks).quality(0.96, true).forkMeans(forks).build();
        return new RunResults(RunResults.SCHEMA_VERSION, id, env, List.of(), List.of(), List.of(), List.of(m),
                List.of());
    }

    @Test
    void aRegressionIsExitOneAndTheSameFiguresAreExitZero(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base.json");
        ResultsJson.write(base, run("base", "aaaa", 100, 101, 99, 100.5, 102));
        Path slow = dir.resolve("slow/results.json");
        ResultsJson.write(slow, run("slow", "bbbb", 77, 78, 76, 77.5, 79));
        Path history = dir.resolve("history.jsonl");

        Outcome failed = run("compare", "--results", slow.toString(), "--baseline", base.toString(), "--history",
                history.toString(), "--no-confirm");
        assertEquals(Main.FAILED, failed.code(), failed.err());
        assertTrue(failed.err().contains("REGRESSION"), failed.err());
        assertTrue(failed.err().contains("-22.9%"), failed.err());
        JsonNode verdict = ResultsJson.mapper().readTree(dir.resolve("slow/verdict.json").toFile());
        assertEquals(1, verdict.get("exitCode").asInt());
        assertTrue(Files.readString(dir.resolve("slow/report/index.html")).contains("Regressions and history"));
        assertEquals(1, Files.readAllLines(history).size(), "the run was recorded");

        Path same = dir.resolve("same/results.json");
        ResultsJson.write(same, run("same", "cccc", 100.2, 100.9, 99.3, 100.4, 101.8));
        Outcome passed = run("compare", "--results", same.toString(), "--baseline", base.toString(), "--history",
                history.toString(), "--no-record", "--no-report");
        assertEquals(0, passed.code(), passed.err());
        assertEquals(1, Files.readAllLines(history).size(), "--no-record");
        assertFalse(Files.exists(dir.resolve("same/report")), "--no-report");
    }

    @Test
    void usageErrorsAreExitTwoAndBadFilesExitOneNamingThem(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        ResultsJson.write(results, run("r", "aaaa", 1, 2, 3));
        Outcome badThreshold = run("compare", "--results", results.toString(), "--threshold", "speed=0.1");
        assertEquals(Main.USAGE, badThreshold.code());
        assertTrue(badThreshold.err().contains("no threshold for unknown metric 'speed'"), badThreshold.err());
        Outcome badPreset = run("compare", "--results", results.toString(), "--preset", "huge");
        assertEquals(Main.USAGE, badPreset.code());

        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, "{\"historyVersion\":1,\"runId\":\"x\"}\n");
        Outcome badHistory = run("compare", "--results", results.toString(), "--history", history.toString());
        assertEquals(Main.FAILED, badHistory.code());
        assertTrue(badHistory.err().contains("malformed history file " + history + ", line 1: field 'environment'"),
                badHistory.err());

        Outcome missingBaseline = run("compare", "--results", results.toString(), "--baseline",
                dir.resolve("nope.json").toString(), "--history", dir.resolve("h2.jsonl").toString());
        assertEquals(Main.FAILED, missingBaseline.code());
        assertTrue(missingBaseline.err().contains("nope.json: file not found"), missingBaseline.err());
    }
}
