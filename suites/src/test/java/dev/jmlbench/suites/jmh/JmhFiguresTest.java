package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.suites.harness.Flops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JMH's records become the figures their benchmark methods declare: units scaled per example, latency
 * percentiles and per-fork means from the histograms, the quality the fork checks proved, derived figures only as
 * declared, and a cell for every checked figure that produced no record.
 */
class JmhFiguresTest {
    private static final String PKG = "dev.jmlbench.suites.jmh.";
    private static final String TASK = "lenet5-digits";

    private static String record(String benchmark, String mode, int forks, String params, String primary,
                                 String secondary) {
        return "{\"benchmark\": \"" + benchmark + "\", \"mode\": \"" + mode + "\", \"forks\": " + forks
                + ", \"jvmArgs\": [\"-Djmlbench.threads=2\"], \"jdkVersion\": \"17\", \"vmName\": \"VM\","
                + " \"params\": {" + params + "}, \"primaryMetric\": {" + primary + "}, \"secondaryMetrics\": {"
                + secondary + "}}";
    }

    private static ForkCheck check(String method, int batch, int examples, double accuracy, String error, long fork) {
        return new ForkCheck(PKG + method, TASK, "e1", batch, examples, accuracy, accuracy > 0.5, "trained", error, 2,
                fork, "", Names.DEVICE_CPU);
    }

    @Test
    void recordsBecomeTheDeclaredFiguresWithTheirQuality(@TempDir Path dir) throws Exception {
        String taskParams = "\"engine\": \"e1\", \"task\": \"" + TASK + "\"";
        String gc = "\"gc.alloc.rate.norm\": {\"score\": 64.0}";
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + String.join(",",
                record(PKG + "InferenceBenchmark.singleSampleLatency", "sample", 2, taskParams,
                        "\"score\": 12.0, \"scoreError\": 1.0, \"scorePercentiles\": {\"50.0\": 9.0, \"99.0\": 20.0,"
                                + " \"100.0\": 50.0}, \"rawDataHistogram\": [[[[8.0, 2], [12.0, 2]], [[10.0, 4]]],"
                                + " [[[20.0, 1]]]]", gc),
                record(PKG + "TrainingBenchmark.trainingThroughput", "thrpt", 1, taskParams,
                        "\"score\": 2.0, \"scoreError\": 0.5, \"rawData\": [[1.5, 2.5]]", gc),
                record(PKG + "ColdStartBenchmark.coldStart", "ss", 1, taskParams,
                        "\"score\": 500.0, \"scoreError\": \"NaN\", \"rawData\": [[500.0]]", gc),
                record("org.example.OtherBenchmark.run", "thrpt", 1, "", "\"score\": 1.0, \"rawData\": [[1.0]]", ""))
                + "]");
        TaskSpec spec = TaskCatalogue.builtIn().get(TASK);
        RunResults quality = new RunResults(RunResults.SCHEMA_VERSION, "q",
                EnvironmentProbe.capture(1, Path.of("").toAbsolutePath()), List.of(), List.of(spec), List.of(),
                List.of(), List.of());
        ForkCheck latency1 = check("InferenceBenchmark.singleSampleLatency", 1, 1, 0.9, "", 1);
        ForkCheck latency2 = check("InferenceBenchmark.singleSampleLatency", 1, 1, 0.8, "", 2);
        ForkCheck training = check("TrainingBenchmark.trainingThroughput", 1, 16, 0.95, "", 3);
        ForkCheck batch8 = check("InferenceBenchmark.batchThroughput", 8, 8, Double.NaN, "boom", 4);
        Map<String, ForkChecks> checks = Map.of(latency1.figureKey(), new ForkChecks(List.of(latency1, latency2)),
                training.figureKey(), new ForkChecks(List.of(training)),
                batch8.figureKey(), new ForkChecks(List.of(batch8)));

        JmhFigures.Read read = new JmhFigures(quality, checks, 1, "smoke").read(jmh);

        Measurement lat = find(read, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY);
        assertEquals(12.0, lat.value());
        assertEquals(Names.UNIT_MICROS, lat.unit());
        assertEquals(Map.of(Names.PERCENTILE_P50, 9.0, Names.PERCENTILE_P99, 20.0, Names.PERCENTILE_MAX, 50.0),
                lat.percentiles());
        assertEquals(List.of(10.0, 10.0, 20.0), lat.rawScores(), "each iteration's mean from its histogram");
        assertEquals(List.of(10.0, 20.0), lat.forkMeans());
        assertEquals(9L, lat.samples());
        assertEquals(0.85, lat.accuracy(), 1e-12, "the mean over the forks' checks");
        assertEquals("1", lat.params().get(Names.PARAM_BATCH_SIZE), "declared: one example per call");
        assertEquals("2", lat.params().get(Names.PARAM_THREADS), "the fork's -Djmlbench.threads");
        assertEquals("2", lat.params().get(Names.PARAM_FORKS));
        assertEquals("smoke", lat.params().get(Names.PARAM_PRESET));
        assertEquals(64.0, find(read, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_ALLOCATION).value());

        Measurement train = find(read, Names.SCENARIO_TRAINING_THROUGHPUT, Names.METRIC_THROUGHPUT);
        assertEquals(32.0, train.value(), 1e-12, "2 calls/s of 16 examples");
        assertEquals(8.0, train.error(), 1e-12);
        assertEquals(List.of(24.0, 40.0), train.rawScores());
        assertEquals("16", train.params().get(Names.PARAM_EXAMPLES_PER_CALL));
        assertEquals(4.0, find(read, Names.SCENARIO_TRAINING_THROUGHPUT, Names.METRIC_ALLOCATION).value(), 1e-12,
                "64 B per call of 16 examples");
        Measurement gflops = find(read, Names.SCENARIO_TRAINING_THROUGHPUT, Names.METRIC_GFLOPS);
        assertEquals(32.0 * Flops.TRAINING_FACTOR * Flops.forwardPerExample(spec.model()) / 1e9, gflops.value(),
                1e-12);

        Measurement cold = find(read, Names.SCENARIO_COLD_START, Names.METRIC_COLD_START);
        assertEquals(500.0, cold.value());
        assertEquals(Names.UNIT_MILLIS, cold.unit());
        assertNull(cold.accuracy(), "no fork check: unverified");
        assertNull(cold.error());
        assertTrue(read.figures().stream().noneMatch(m -> m.scenario().equals(Names.SCENARIO_COLD_START)
                && m.metric().equals(Names.METRIC_ALLOCATION)), "cold start declares no allocation figure");
        assertTrue(read.figures().stream().allMatch(m -> m.task().equals(TASK)), "the undeclared record is left out");
        assertEquals(6, read.figures().size(), read.figures().toString());
        assertEquals(Set.of(latency1.figureKey(), training.figureKey(),
                ForkCheck.figureKey(TASK, "e1", "coldStart", 1, 2)), read.measured());

        List<CellStatus> cells = UnmeasuredCells.of(checks, read.measured(), 1);
        assertEquals(1, cells.size(), cells.toString());
        assertEquals(CellStatus.Status.FAILED, cells.get(0).status());
        assertEquals("JMH benchmark batchThroughput (batch 8) with 2 threads failed in setup: boom",
                cells.get(0).reason());
    }

    /** A record of a fork that built its model on another device is that device's figure, verified by its checks. */
    @Test
    void aFiguresDeviceIsItsBenchmarksDeviceParameter(@TempDir Path dir) throws Exception {
        String cpu = "\"engine\": \"e1\", \"task\": \"" + TASK + "\"";
        String accel = cpu + ", \"device\": \"accel\"";
        String primary = "\"score\": 2.0, \"scoreError\": 0.5, \"rawData\": [[1.5, 2.5]]";
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + record(PKG + "TrainingBenchmark.trainingThroughput", "thrpt", 1, cpu, primary, "")
                + "," + record(PKG + "TrainingBenchmark.trainingThroughput", "thrpt", 1, accel, primary, "") + "]");
        RunResults quality = new RunResults(RunResults.SCHEMA_VERSION, "q", null, List.of(),
                List.of(TaskCatalogue.builtIn().get(TASK)), List.of(), List.of(), List.of());
        ForkCheck onCpu = check("TrainingBenchmark.trainingThroughput", 1, 16, 0.95, "", 1);
        ForkCheck onAccel = check("TrainingBenchmark.trainingThroughput", 1, 16, 0.4, "", 2).onDevice("accel");
        ForkCheck failedOnAccel = check("InferenceBenchmark.singleSampleLatency", 1, 1, Double.NaN, "no driver", 3)
                .onDevice("accel");
        assertTrue(!onCpu.figureKey().equals(onAccel.figureKey()) && !onCpu.fileName().equals(onAccel.fileName()));
        Map<String, ForkChecks> checks = Map.of(onCpu.figureKey(), new ForkChecks(List.of(onCpu)),
                onAccel.figureKey(), new ForkChecks(List.of(onAccel)),
                failedOnAccel.figureKey(), new ForkChecks(List.of(failedOnAccel)));

        JmhFigures.Read read = new JmhFigures(quality, checks, 1, "smoke").read(jmh);

        List<Measurement> train = read.figures().stream()
                .filter(m -> m.metric().equals(Names.METRIC_THROUGHPUT)).toList();
        assertEquals(2, train.size(), train.toString());
        Measurement cpuFigure = train.stream().filter(m -> m.device().equals(Names.DEVICE_CPU)).findFirst().orElseThrow();
        Measurement accelFigure = train.stream().filter(m -> m.device().equals("accel")).findFirst().orElseThrow();
        assertEquals(0.95, cpuFigure.accuracy(), 1e-12, "each device's figure carries its own forks' quality");
        assertEquals(0.4, accelFigure.accuracy(), 1e-12);
        assertEquals(false, accelFigure.qualityMet());
        assertTrue(!accelFigure.params().containsKey("device"), "the device is the figure's field, not a param");
        assertEquals(Set.of(onCpu.figureKey(), onAccel.figureKey()), read.measured());

        List<CellStatus> cells = UnmeasuredCells.of(checks, read.measured(), 2);
        assertEquals(1, cells.size(), cells.toString());
        assertEquals("accel", cells.get(0).device());
        assertEquals("JMH benchmark singleSampleLatency on accel failed in setup: no driver", cells.get(0).reason());
    }

    @Test
    void aCheckThatFoundTheTaskUnsupportedMakesAnUnsupportedCell() {
        ForkCheck c = check("ColdStartBenchmark.coldStart", 1, 1, Double.NaN, "unsupported: no parameters", 1);
        List<CellStatus> cells = UnmeasuredCells.of(Map.of(c.figureKey(), new ForkChecks(List.of(c))), Set.of(), 2);
        assertEquals(CellStatus.Status.UNSUPPORTED, cells.get(0).status());
        assertEquals("JMH benchmark coldStart: no parameters", cells.get(0).reason());
    }

    private static Measurement find(JmhFigures.Read read, String scenario, String metric) {
        return read.figures().stream().filter(m -> m.scenario().equals(scenario) && m.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError("no " + scenario + "/" + metric + " in "
                        + read.figures()));
    }
}
