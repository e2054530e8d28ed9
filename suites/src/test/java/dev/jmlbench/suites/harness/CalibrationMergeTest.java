package dev.jmlbench.suites.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merge of calibration, thread-sweep and harness-overhead records from JMH's JSON. */
class CalibrationMergeTest {

    private static String record(String benchmark, String params, String jvmArgs, double score, String rawData,
                                 String secondary) {
        return "{\"benchmark\": \"dev.jmlbench.suites.jmh." + benchmark + "\", \"mode\": \"thrpt\", \"forks\": 1,"
                + " \"jvmArgs\": [" + jvmArgs + "], \"jdkVersion\": \"17\", \"vmName\": \"VM\", \"params\": {" + params
                + "}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 1.0, \"rawData\": [" + rawData
                + "]}, \"secondaryMetrics\": {" + secondary + "}}";
    }

    @Test
    void calibrationThreadsAndHarnessOverheadAreMerged() throws Exception {
        Path out = Files.createTempDirectory("merge");
        RunSettings settings = new RunSettings(out, List.of("iris-logreg"), List.of("reference"), 1, Preset.SMOKE,
                out.resolve("cache"));
        RunResults quality = new RunResults(RunResults.SCHEMA_VERSION, "r",
                dev.jmlbench.core.env.EnvironmentProbe.capture(1, Path.of("").toAbsolutePath()), List.of(),
                List.of(TaskCatalogue.builtIn().get("iris-logreg")), List.of(), List.of(), List.of());
        ResultsJson.write(settings.qualityFile(), quality);
        String budget = "\"-Djmlbench.threads=1\"";
        String swept = "\"-Djmlbench.threads=1\", \"-Djmlbench.threads=2\"";
        String jmh = "[" + String.join(",",
                record("PeakFlopsBenchmark.fmaLoop", "\"threads\": \"budget\"", budget, 200,
                        "[190, 200, 210]", "\"flop\": {\"score\": 4.0e10, \"scoreError\": 1.0e9,"
                                + " \"rawData\": [[3.9e10, 4.0e10, 4.1e10]]}"),
                record("GemmBenchmark.multiply", "\"engine\": \"djl\", \"n\": \"512\"", budget, 100,
                        "[100, 100, 100]", "\"flop\": {\"score\": 3.0e10, \"scoreError\": 0,"
                                + " \"rawData\": [[3.0e10, 3.0e10, 3.0e10]]}"),
                record("HarnessOverheadBenchmark.emptyModelCall", "", budget, 2.0, "[2.0, 2.0, 2.0]", ""),
                record("InferenceBenchmark.batchThroughput",
                        "\"batchSize\": \"32\", \"engine\": \"reference\", \"task\": \"iris-logreg\"", swept, 1000,
                        "[1000, 1000, 1000]", ""))
                + "]";
        Files.writeString(settings.jmhFile(), jmh);

        RunResults merged = ResultsMerger.merge(settings);

        Measurement peak = find(merged, "fma-peak-gflops");
        assertEquals(40.0, peak.value(), 1e-9);
        assertEquals("1", peak.params().get(Names.PARAM_THREADS), "'budget' is the run's thread budget");
        assertEquals(List.of(39.0, 40.0, 41.0), peak.rawScores());
        Measurement sgemm = find(merged, "sgemm-gflops");
        assertEquals("djl", sgemm.engine());
        assertEquals("512", sgemm.params().get("n"));
        assertEquals(30.0, sgemm.value(), 1e-9);
        Measurement throughput = merged.measurements().stream()
                .filter(m -> m.scenario().equals(Names.SCENARIO_INFERENCE_THROUGHPUT)
                        && m.metric().equals(Names.METRIC_THROUGHPUT)).findFirst().orElseThrow();
        assertEquals("2", throughput.params().get(Names.PARAM_THREADS), "the fork's last -Djmlbench.threads wins");
        assertEquals(32000, throughput.value(), 1e-9);
        // 1000 calls/s of 32 examples: 1 ms per call; the empty model's call takes 2 ns
        Measurement fraction = find(merged, "harness-overhead-fraction");
        assertEquals(2.0 / 1e6, fraction.value(), 1e-15);
        JsonNode tree = ResultsJson.mapper().readTree(settings.resultsFile().toFile());
        assertTrue(tree.path("measurements").size() >= 5);
    }

    private static Measurement find(RunResults r, String metric) {
        return r.measurements().stream().filter(m -> m.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " in " + r.measurements()));
    }
}
