package dev.jmlbench.suites;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.suites.cli.Main;
import dev.jmlbench.suites.browser.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The main job end to end, as {@code mvn verify -Pbench} runs it but with the smoke preset: quality run, JMH in
 * forked JVMs, merge, report and gate, for every engine on the class path. A broken bench path fails the tests.
 */
class BenchPipelineSmokeTest {

    private static final Path OUT = Path.of("target", "smoke-bench").toAbsolutePath();
    private static int runCode;
    private static int reportCode;
    private static int gateCode;

    /** Runs the main job once for both tests: run (quality, JMH, merge), report, gate. */
    @BeforeAll
    static void runTheBench() {
        runCode = Main.execute(System.out, System.err, "run", "--out", OUT.toString(), "--preset", "smoke",
                "--tasks", "iris-logreg", "--cache-dir", Path.of("target", "native-cache").toAbsolutePath().toString());
        Path results = OUT.resolve("results.json");
        reportCode = Main.execute(System.out, System.err, "report", "--results", results.toString());
        gateCode = Main.execute(System.out, System.err, "gate", "--results", results.toString());
    }

    @Test
    void benchPathProducesResultsJmhJsonAndReportForEveryEngine() throws Exception {
        Path out = OUT;
        assertEquals(0, runCode, "jmlbench run");
        assertEquals(0, reportCode, "jmlbench report");
        assertEquals(0, gateCode, "jmlbench gate");
        Path results = out.resolve("results.json");

        RunResults r = ResultsJson.read(results);
        List<String> engines = Engines.ids();
        assertFalse(engines.isEmpty(), "no engine on the class path");
        assertFalse(r.environment().cpuModel().isBlank());
        assertEquals(engines.size(), r.engines().size(), "every engine opened and recorded: " + r.cells());
        for (String engine : engines) {
            Measurement accuracy = find(r, engine, Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY);
            assertTrue(accuracy.value() >= 0.9, engine + " accuracy " + accuracy.value());
            Measurement throughput = find(r, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT);
            assertTrue(throughput.value() > 0, engine + " throughput");
            assertNotNull(throughput.error(), engine + " throughput error");
            assertEquals(Boolean.TRUE, throughput.qualityMet(), engine + " timed model met the target");
            assertEquals(throughput.samples().intValue(), throughput.rawScores().size());
            // the replication unit is the fork: the smoke preset measures every speed figure in 2 forks
            assertEquals(2, throughput.forks(), engine + " throughput forks " + throughput.forkMeans());
            Measurement latency = find(r, engine, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY);
            assertTrue(latency.percentiles().get("p50") > 0 && latency.percentiles().get("p99")
                    >= latency.percentiles().get("p50"), engine + " latency percentiles " + latency.percentiles());
            assertTrue(latency.samples() > 10, engine + " latency samples");
            Measurement gflops = find(r, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, "gflops");
            // iris-logreg: one 4 -> 3 dense layer, 24 FLOPs per example
            assertEquals(throughput.value() * 24 / 1e9, gflops.value(), 1e-9 * throughput.value());
            Measurement allocation = find(r, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, "allocation");
            assertTrue(allocation.value() >= 0 && "B/example".equals(allocation.unit()), engine + " allocation");
            if (!engine.equals("reference")) {
                Measurement parity = find(r, engine, Names.SCENARIO_QUALITY, Names.METRIC_PARITY);
                assertTrue(parity.value() < 1e-2, engine + " parity " + parity.value());
            }
        }
        for (String engine : engines) {
            Measurement cold = find(r, engine, "cold-start", "cold-start");
            assertTrue(cold.value() > 0 && cold.samples() >= 1, engine + " cold start");
            // Tribuo included: its LR trainer continues from the current weights (epoch by epoch)
            Measurement training = find(r, engine, "training-throughput", Names.METRIC_THROUGHPUT);
            assertTrue(training.value() > 0, engine + " training throughput");
        }
        assertTrue(r.cells().stream().allMatch(c -> c.status() == CellStatus.Status.OK), r.cells().toString());
        // every pair of engines on every speed figure, as a ratio over forks with a verdict; every figure verified
        int pairs = engines.size() * (engines.size() - 1) / 2;
        assertTrue(r.comparisons().size() >= pairs, r.comparisons().size() + " comparisons");
        assertTrue(r.comparisons().stream().allMatch(c -> c.forksA() == 2 && c.forksB() == 2 && c.ratio() >= 1
                && !c.statement().isBlank()), r.comparisons().toString());
        assertTrue(r.measurements().stream().filter(m -> Names.SPEED_SCENARIOS.contains(m.scenario()))
                .allMatch(m -> Boolean.TRUE.equals(m.qualityMet())), "an unverified or below-target speed figure");

        JsonNode jmh = ResultsJson.mapper().readTree(out.resolve("jmh.json").toFile());
        int taskRecords = 0;
        for (JsonNode record : jmh) {
            taskRecords += record.path("params").path("task").asText().equals("iris-logreg") ? 1 : 0;
        }
        // per engine: batch throughput, latency, cold start and training throughput
        assertEquals(engines.size() * 4, taskRecords, "JMH records of the task");
        // calibration: the FMA peak on the thread budget and the sgemm of every engine with a matrix multiply
        Measurement peak = r.measurements().stream().filter(m -> m.scenario().equals("calibration")
                && m.metric().equals("fma-peak-gflops")).findFirst().orElseThrow();
        assertTrue(peak.value() > 0.1 && "1".equals(peak.params().get(Names.PARAM_THREADS)), peak.toString());
        for (String engine : Engines.discover().stream().filter(dev.jmlbench.core.engine.EngineProvider::offersMatmul)
                .map(dev.jmlbench.core.engine.EngineProvider::id).toList()) {
            Measurement sgemm = r.measurements().stream().filter(m -> m.scenario().equals("calibration")
                    && m.metric().equals("sgemm-gflops") && m.engine().equals(engine)).findFirst().orElseThrow();
            // no sgemm beats the FMA loop of the same cores (allow the noise of two short runs)
            assertTrue(sgemm.value() > 0.1 && sgemm.value() < 1.5 * peak.value(), sgemm + " vs peak " + peak);
        }

        String html = Files.readString(out.resolve("report").resolve("index.html"), StandardCharsets.UTF_8);
        for (String engine : engines) {
            assertTrue(html.contains(engine), engine + " in report");
        }
        assertTrue(html.contains("data:image/png;base64,"), "embedded chart");
    }

    /**
     * The report in a real browser (Debian's headless Chromium, loopback DevTools only): no console error or failed
     * load, every chart image decoded with a non-zero size, and a screenshot under target/ for people to look at.
     */
    @Test
    void reportRendersInAHeadlessBrowser() throws Exception {
        assumeTrue(HeadlessChromium.executable() != null,
                "chromium is not installed (apt-get install chromium); .ci/run installs it");
        assertEquals(0, reportCode, "jmlbench report");
        Path index = OUT.resolve("report").resolve("index.html");
        try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromium-profile"))) {
            browser.open(index);
            JsonNode images = browser.evaluate("JSON.stringify(Array.from(document.images).map(i => ({alt: i.alt,"
                    + " complete: i.complete, natural: i.naturalWidth, width: i.getBoundingClientRect().width,"
                    + " height: i.getBoundingClientRect().height})))");
            JsonNode list = ResultsJson.mapper().readTree(images.asText());
            assertTrue(list.size() >= 2, "charts in the report: " + list);
            for (JsonNode img : list) {
                assertTrue(img.path("complete").asBoolean() && img.path("natural").asInt() > 0,
                        "broken image: " + img);
                assertTrue(img.path("width").asDouble() > 0 && img.path("height").asDouble() > 0,
                        "chart with zero size: " + img);
            }
            JsonNode text = browser.evaluate("document.body.innerText");
            for (String engine : Engines.ids()) {
                assertTrue(text.asText().contains(engine) || text.asText().toLowerCase().contains(engine),
                        engine + " not visible in the rendered report");
            }
            browser.screenshot(Path.of("target", "report-screenshot.png"));
            assertEquals(List.of(), browser.errors(), "console errors or failed loads");
        }
    }

    private static Measurement find(RunResults r, String engine, String scenario, String metric) {
        return r.measurements().stream()
                .filter(m -> m.engine().equals(engine) && m.scenario().equals(scenario) && m.metric().equals(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + scenario + "/" + metric + " for " + engine + "; cells: "
                        + r.cells()));
    }
}
