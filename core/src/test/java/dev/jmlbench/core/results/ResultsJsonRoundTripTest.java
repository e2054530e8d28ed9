package dev.jmlbench.core.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jmlbench.core.env.EnvironmentInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-fork means and engine comparisons survive a write and a read; files written before them still read. */
class ResultsJsonRoundTripTest {
    private static RunResults run() {
        EnvironmentInfo env = new EnvironmentInfo("cpu", "test family 1", List.of(), 2, 1L << 33, "Linux", "JVM", List.of(), Map.of(),
                "abc", "2026-12-03T00:00:00Z");
        Measurement m = new Measurement("t", "a", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Map.of(Names.PARAM_BATCH_SIZE, "32"), Names.METRIC_THROUGHPUT, 101, Names.UNIT_SAMPLES_PER_SECOND, 2.0,
                9L, null, List.of(100.0, 101.0, 102.0), 0.9, true, null, List.of(100.5, 101.0, 101.5));
        EngineComparison known = new EngineComparison("t", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Names.METRIC_THROUGHPUT, Map.of(Names.PARAM_BATCH_SIZE, "32"), "a", "b", 2.0, 1.8, 2.2, 0.95, 0.05,
                EngineComparison.FASTER, "Welch", 3, 3, "a is 2.00x faster than b");
        EngineComparison unknown = new EngineComparison("t", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Names.METRIC_THROUGHPUT, Map.of(), "a", "c", 1.5, Double.NaN, Double.NaN, 0.95, 0.05,
                EngineComparison.INCONCLUSIVE, "no interval", 1, 3, "a vs c: inconclusive");
        return new RunResults(RunResults.SCHEMA_VERSION, "r", env, List.of(), List.of(), List.of(), List.of(m),
                List.of(), List.of(), List.of(known, unknown));
    }

    @Test
    void forkMeansAndComparisonsRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        ResultsJson.write(file, run());
        RunResults back = ResultsJson.read(file);
        assertEquals(List.of(100.5, 101.0, 101.5), back.measurements().get(0).forkMeans());
        assertEquals(3, back.measurements().get(0).forks());
        assertEquals(run().comparisons().get(0), back.comparisons().get(0));
        assertTrue(Double.isNaN(back.comparisons().get(1).low()), "an unknown bound stays NaN");
    }

    @Test
    void aFileWrittenBeforeForksAndComparisonsStillReads(@TempDir Path dir) throws Exception {
        ObjectNode tree = ResultsJson.mapper().valueToTree(run());
        tree.remove("comparisons");
        ((ObjectNode) ((ArrayNode) tree.get("measurements")).get(0)).remove("forkMeans");
        ((ObjectNode) ((ArrayNode) tree.get("measurements")).get(0)).remove("forks");
        Path file = dir.resolve("old.json");
        ResultsJson.mapper().writeValue(file.toFile(), tree);
        RunResults back = ResultsJson.read(file);
        assertNull(back.measurements().get(0).forkMeans());
        assertEquals(0, back.measurements().get(0).forks());
        assertEquals(List.of(), back.comparisons());
    }

    @Test
    void theCpuIdentityRoundTripsAndAFileWrittenBeforeItReadsAsUnknown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        ResultsJson.write(file, run());
        assertEquals("test family 1", ResultsJson.read(file).environment().cpuId());
        ObjectNode tree = ResultsJson.mapper().valueToTree(run());
        ((ObjectNode) tree.get("environment")).remove("cpuId");
        Path old = dir.resolve("old.json");
        ResultsJson.mapper().writeValue(old.toFile(), tree);
        assertEquals(EnvironmentInfo.UNKNOWN_CPU_ID, ResultsJson.read(old).environment().cpuId());
    }
}
