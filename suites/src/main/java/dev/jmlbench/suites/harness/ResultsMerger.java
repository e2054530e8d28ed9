package dev.jmlbench.suites.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.EngineComparisons;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.suites.jmh.ForkCheck;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the quality stage's results with JMH's raw JSON into {@code results.json}: every JMH figure becomes a
 * {@link Measurement} with its error, raw iteration scores, percentiles and the accuracy of the model it timed;
 * every benchmark that produced nothing becomes a FAILED cell with the reason its fork recorded.
 */
public final class ResultsMerger {
    /** Benchmarks of the harness; records of any other benchmark in jmh.json are left out of results.json. */
    private static final String BENCHMARK_CLASS = "dev.jmlbench.suites.jmh.";
    /** Scenario of the machine's calibration figures (names shared with the report's Calibration). */
    static final String SCENARIO_CALIBRATION = Names.SCENARIO_CALIBRATION;
    /** FMA peak of the cores at a thread count, GFLOP/s. */
    static final String METRIC_FMA_PEAK = Names.METRIC_FMA_PEAK;
    /** Time of the inference benchmark's timed body around an empty model, ns per call. */
    static final String METRIC_HARNESS_OVERHEAD = Names.METRIC_HARNESS_OVERHEAD;
    /** That time as a fraction of a measured call's time (derived for every inference figure). */
    static final String METRIC_HARNESS_OVERHEAD_FRACTION = Names.METRIC_HARNESS_OVERHEAD_FRACTION;
    /** An engine's sgemm rate on n x n matrices, GFLOP/s. */
    static final String METRIC_SGEMM = Names.METRIC_SGEMM;
    private static final Map<String, String> PERCENTILES = percentileNames();

    private ResultsMerger() {
    }

    /** Reads the stage outputs of {@code settings} and writes {@link RunSettings#resultsFile()}. */
    public static RunResults merge(RunSettings settings) throws IOException {
        RunResults quality = ResultsJson.read(settings.qualityFile());
        Map<String, ForkChecks> checks = readChecks(settings.jmhCheckDir());
        List<Measurement> measurements = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        Map<String, Boolean> measured = new HashMap<>();
        if (Files.isRegularFile(settings.jmhFile())) {
            JsonNode records = ResultsJson.mapper().readTree(settings.jmhFile().toFile());
            for (JsonNode record : records) {
                Measurement m = toMeasurement(record, quality, checks, settings.threads(), settings.preset().name());
                if (m != null) {
                    measurements.add(m);
                    measured.put(ForkCheck.figureKey(m.task(), m.engine(), method(record.path("benchmark").asText()),
                            batchOf(record), threadsOf(record, settings.threads())), true);
                    measurements.addAll(derived(record, m, quality));
                }
            }
        }
        for (Map.Entry<String, ForkChecks> e : checks.entrySet()) {
            ForkCheck check = e.getValue().first();
            String method = check.method();
            if (!measured.containsKey(e.getKey())) {
                String what = "JMH benchmark " + method + (method.equals("batchThroughput")
                        ? " (batch " + check.batchSize() + ")" : "") + (check.threads() != settings.threads()
                        ? " with " + check.threads() + " threads" : "");
                String error = e.getValue().error();
                boolean unsupported = error.startsWith("unsupported: ");
                String reason = error.isEmpty()
                        ? what + " produced no result (see the JMH log)"
                        : unsupported ? what + ": " + error.substring("unsupported: ".length())
                        : what + " failed in setup: " + error;
                cells.add(new CellStatus(check.task(), check.engine(), "cpu", Names.STAGE_JMH,
                        unsupported ? CellStatus.Status.UNSUPPORTED : CellStatus.Status.FAILED, reason));
            }
        }
        measurements.addAll(overheadFractions(measurements));
        RunResults merged = withStudies(quality.plus(measurements, cells), StudyRun.file(settings));
        merged = merged.plus(DlVsClassic.block(merged), List.of());
        merged = merged.withComparisons(EngineComparisons.of(merged.measurements(), settings.margin(),
                RatioInterval.LEVEL));
        ResultsJson.write(settings.resultsFile(), merged);
        return merged;
    }

    /** {@code r} with the figures, cells, tasks, datasets and engines of the studies stage, when it ran. */
    static RunResults withStudies(RunResults r, Path studiesFile) {
        if (!Files.isRegularFile(studiesFile)) {
            return r;
        }
        RunResults studies = ResultsJson.read(studiesFile);
        List<TaskSpec> tasks = new ArrayList<>(r.tasks());
        studies.tasks().stream().filter(t -> tasks.stream().noneMatch(x -> x.id().equals(t.id()))).forEach(tasks::add);
        List<DatasetInfo> datasets = new ArrayList<>(r.datasets());
        studies.datasets().stream().filter(d -> datasets.stream().noneMatch(x -> x.id().equals(d.id())))
                .forEach(datasets::add);
        List<EngineInfo> engines = new ArrayList<>(r.engines());
        studies.engines().stream().filter(e -> engines.stream().noneMatch(x -> x.id().equals(e.id())))
                .forEach(engines::add);
        RunResults plus = r.plus(studies.measurements(), studies.cells());
        return new RunResults(plus.schemaVersion(), plus.runId(), plus.environment(), engines, tasks, datasets,
                plus.measurements(), plus.cells(), plus.provenance(), plus.comparisons());
    }

    private static Measurement toMeasurement(JsonNode record, RunResults quality, Map<String, ForkChecks> checks,
                                             int threads, String preset) {
        String benchmark = record.path("benchmark").asText();
        if (!benchmark.startsWith(BENCHMARK_CLASS)) {
            return null;
        }
        String method = method(benchmark);
        threads = threadsOf(record, threads);
        if (method.equals("fmaLoop") || method.equals("multiply")) {
            return calibration(record, method, threads);
        }
        if (method.equals("emptyModelCall")) {
            JsonNode metric = record.path("primaryMetric");
            List<Double> raw = new ArrayList<>();
            metric.path("rawData").forEach(fork -> fork.forEach(v -> raw.add(v.asDouble())));
            return new Measurement(Names.TASK_CALIBRATION, Names.ENGINE_MACHINE, "cpu", SCENARIO_CALIBRATION,
                    Map.of(Names.PARAM_THREADS, Integer.toString(threads)), METRIC_HARNESS_OVERHEAD,
                    metric.path("score").asDouble(), "ns/call",
                    finiteOrNull(metric.path("scoreError").asDouble(Double.NaN)), (long) raw.size(), null,
                    raw.isEmpty() ? null : raw, null, null, null, forkMeans(metric.path("rawData"), 1));
        }
        String task = record.path("params").path("task").asText();
        String engine = record.path("params").path("engine").asText();
        ForkChecks forkChecks = checks.get(ForkCheck.figureKey(task, engine, method, batchOf(record), threads));
        ForkCheck check = forkChecks == null ? null : forkChecks.first();
        JsonNode metric = record.path("primaryMetric");
        double score = metric.path("score").asDouble();
        Double error = finiteOrNull(metric.path("scoreError").asDouble(Double.NaN));
        DatasetStamp stamp = stampOf(quality, task);
        // verified only when every fork of the figure proved the quality of the model it timed
        boolean known = forkChecks != null && forkChecks.verifies(record.path("forks").asInt(1));
        Double accuracy = known ? forkChecks.accuracy() : null;
        Boolean met = known ? forkChecks.met() : null;
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_THREADS, Integer.toString(threads));
        params.put("forks", record.path("forks").asText());
        params.put("preset", preset);
        params.put("jvm", record.path("vmName").asText() + " " + record.path("jdkVersion").asText());
        if (check != null && check.engineThreads() != null && !check.engineThreads().isEmpty()) {
            params.put(Names.PARAM_ENGINE_THREADS, check.engineThreads());
        }
        if (method.equals("batchThroughput")) {
            int batch = batchOf(record);
            params.put(Names.PARAM_BATCH_SIZE, Integer.toString(batch));
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode v : fork) {
                    raw.add(v.asDouble() * batch);
                }
            }
            return new Measurement(task, engine, "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT, params,
                    Names.METRIC_THROUGHPUT, score * batch, Names.UNIT_SAMPLES_PER_SECOND,
                    error == null ? null : error * batch, (long) raw.size(), null, raw, accuracy, met, stamp,
                    forkMeans(metric.path("rawData"), batch));
        }
        if (method.equals("trainingThroughput")) {
            int examples = check == null ? 0 : check.examplesPerCall();
            if (examples <= 0) {
                return null;
            }
            params.put("examplesPerCall", Integer.toString(examples));
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode v : fork) {
                    raw.add(v.asDouble() * examples);
                }
            }
            return new Measurement(task, engine, "cpu", SCENARIO_TRAINING_THROUGHPUT, params,
                    Names.METRIC_THROUGHPUT, score * examples, Names.UNIT_SAMPLES_PER_SECOND,
                    error == null ? null : error * examples, (long) raw.size(), null, raw, accuracy, met, stamp,
                    forkMeans(metric.path("rawData"), examples));
        }
        if (method.equals("coldStart")) {
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode v : fork) {
                    raw.add(v.asDouble());
                }
            }
            return new Measurement(task, engine, "cpu", SCENARIO_COLD_START, params, METRIC_COLD_START, score,
                    Names.UNIT_MILLIS, error, (long) raw.size(), null, raw, accuracy, met, stamp,
                    forkMeans(metric.path("rawData"), 1));
        }
        if (method.equals("singleSampleLatency")) {
            params.put(Names.PARAM_BATCH_SIZE, "1");
            Map<String, Double> percentiles = new LinkedHashMap<>();
            JsonNode p = metric.path("scorePercentiles");
            PERCENTILES.forEach((key, name) -> {
                if (p.has(key)) {
                    percentiles.put(name, p.get(key).asDouble());
                }
            });
            // raw scores: the mean latency of each measurement iteration, from JMH's per-iteration histograms
            long samples = 0;
            List<Double> iterationMeans = new ArrayList<>();
            List<Double> forkMeans = new ArrayList<>();
            for (JsonNode fork : metric.path("rawDataHistogram")) {
                double forkSum = 0;
                long forkCount = 0;
                for (JsonNode iteration : fork) {
                    double sum = 0;
                    long count = 0;
                    for (JsonNode bin : iteration) {
                        sum += bin.path(0).asDouble() * bin.path(1).asLong();
                        count += bin.path(1).asLong();
                    }
                    samples += count;
                    forkSum += sum;
                    forkCount += count;
                    if (count > 0) {
                        iterationMeans.add(sum / count);
                    }
                }
                if (forkCount > 0) {
                    forkMeans.add(forkSum / forkCount);
                }
            }
            return new Measurement(task, engine, "cpu", Names.SCENARIO_INFERENCE_LATENCY, params,
                    Names.METRIC_LATENCY, score, Names.UNIT_MICROS, error, samples, percentiles,
                    iterationMeans.isEmpty() ? null : iterationMeans, accuracy, met, stamp,
                    forkMeans.isEmpty() ? null : forkMeans);
        }
        return null;
    }


    /** The batch size of a JMH record: its batchSize parameter, or 1 for the single-example benchmark. */
    /**
     * The harness's share of every inference figure: the time of the timed body around an empty model divided by
     * the measured time of one call (batch throughput: batch / samples per second; latency: its mean).
     */
    static List<Measurement> overheadFractions(List<Measurement> measurements) {
        Measurement overhead = measurements.stream().filter(m -> m.metric().equals(METRIC_HARNESS_OVERHEAD))
                .findFirst().orElse(null);
        List<Measurement> out = new ArrayList<>();
        if (overhead == null || !(overhead.value() > 0)) {
            return out;
        }
        for (Measurement m : measurements) {
            double callNanos;
            if (m.scenario().equals(Names.SCENARIO_INFERENCE_THROUGHPUT) && m.metric().equals(Names.METRIC_THROUGHPUT)
                    && m.value() > 0) {
                callNanos = 1e9 * Integer.parseInt(m.params().getOrDefault(Names.PARAM_BATCH_SIZE, "1")) / m.value();
            } else if (m.scenario().equals(Names.SCENARIO_INFERENCE_LATENCY) && m.metric().equals(Names.METRIC_LATENCY)
                    && m.value() > 0) {
                callNanos = m.value() * 1000; // latency is in microseconds
            } else {
                continue;
            }
            out.add(new Measurement(m.task(), m.engine(), m.device(), m.scenario(), m.params(),
                    METRIC_HARNESS_OVERHEAD_FRACTION, overhead.value() / callNanos, Names.UNIT_FRACTION, null,
                    null, null, null, m.accuracy(), m.qualityMet(), m.dataset()));
        }
        return out;
    }

    /** The thread budget a fork ran with: the last {@code -Djmlbench.threads} of its JVM arguments. */
    static int threadsOf(JsonNode record, int fallback) {
        int threads = fallback;
        for (JsonNode arg : record.path("jvmArgs")) {
            String a = arg.asText();
            if (a.startsWith("-Djmlbench.threads=")) {
                try {
                    threads = Integer.parseInt(a.substring("-Djmlbench.threads=".length()));
                } catch (NumberFormatException e) {
                    // keep the earlier value: JMH recorded what the fork was given, and it was not a number
                }
            }
        }
        return threads;
    }

    /**
     * A calibration record: the FMA peak ({@code PeakFlopsBenchmark.fmaLoop}, threads from its own param) or an
     * engine's sgemm ({@code GemmBenchmark.multiply}), as GFLOP/s from JMH's secondary {@code flop} rate.
     */
    private static Measurement calibration(JsonNode record, String method, int budget) {
        JsonNode flop = record.path("secondaryMetrics").path("flop");
        double gflops = flop.path("score").asDouble(Double.NaN) / 1e9;
        if (!Double.isFinite(gflops)) {
            return null;
        }
        Double error = finiteOrNull(flop.path("scoreError").asDouble(Double.NaN) / 1e9);
        List<Double> raw = new ArrayList<>();
        for (JsonNode fork : flop.path("rawData")) {
            for (JsonNode v : fork) {
                raw.add(v.asDouble() / 1e9);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        String engine;
        String metric;
        if (method.equals("fmaLoop")) {
            String t = record.path("params").path("threads").asText();
            params.put(Names.PARAM_THREADS, t.equals("budget") ? Integer.toString(budget) : t);
            engine = Names.ENGINE_MACHINE;
            metric = METRIC_FMA_PEAK;
        } else {
            params.put(Names.PARAM_THREADS, Integer.toString(budget));
            params.put("n", record.path("params").path("n").asText());
            engine = record.path("params").path("engine").asText();
            metric = METRIC_SGEMM;
        }
        return new Measurement(Names.TASK_CALIBRATION, engine, "cpu", SCENARIO_CALIBRATION, params, metric, gflops,
                "GFLOP/s", error, (long) raw.size(), null, raw.isEmpty() ? null : raw, null, null, null,
                forkMeans(flop.path("rawData"), 1e-9));
    }

    private static int batchOf(JsonNode record) {
        JsonNode b = record.path("params").path("batchSize");
        return b.isMissingNode() || record.path("benchmark").asText().endsWith("singleSampleLatency")
                ? 1 : Integer.parseInt(b.asText());
    }

    /**
     * Figures derived from a primary one: GFLOP/s of a throughput (samples/s x forward FLOPs per example, from
     * the spec) and the bytes allocated on the Java heap per example (JMH's GC profiler).
     */
    private static List<Measurement> derived(JsonNode record, Measurement m, RunResults quality) {
        List<Measurement> out = new ArrayList<>();
        double perCall = record.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score")
                .asDouble(Double.NaN);
        int batch = m.params().containsKey("examplesPerCall") ? Integer.parseInt(m.params().get("examplesPerCall"))
                : batchOf(record);
        if (Double.isFinite(perCall) && !m.scenario().equals(SCENARIO_COLD_START)) {
            out.add(new Measurement(m.task(), m.engine(), m.device(), m.scenario(), m.params(), METRIC_ALLOCATION,
                    perCall / batch, "B/example", null, null, null, null, m.accuracy(), m.qualityMet(), m.dataset()));
        }
        boolean inference = m.scenario().equals(Names.SCENARIO_INFERENCE_THROUGHPUT);
        boolean training = m.scenario().equals(SCENARIO_TRAINING_THROUGHPUT) && m.metric().equals(Names.METRIC_THROUGHPUT);
        if (inference || training) {
            quality.tasks().stream().filter(t -> t.id().equals(m.task()) && t.isNetwork()).findFirst().ifPresent(spec -> {
                // a training step costs the forward pass and a backward pass of about twice its FLOPs
                double flops = (training ? Flops.TRAINING_FACTOR : 1) * Flops.forwardPerExample(spec.model());
                out.add(new Measurement(m.task(), m.engine(), m.device(), m.scenario(), m.params(), METRIC_GFLOPS,
                        m.value() * flops / 1e9, "GFLOP/s", m.error() == null ? null : m.error() * flops / 1e9,
                        m.samples(), null, null, m.accuracy(), m.qualityMet(), m.dataset(),
                        m.forkMeans() == null ? null : m.forkMeans().stream().map(v -> v * flops / 1e9).toList()));
            });
        }
        return out;
    }

    public static final String SCENARIO_TRAINING_THROUGHPUT = Names.SCENARIO_TRAINING_THROUGHPUT;
    public static final String SCENARIO_COLD_START = Names.SCENARIO_COLD_START;
    public static final String METRIC_COLD_START = Names.METRIC_COLD_START;
    public static final String METRIC_ALLOCATION = Names.METRIC_ALLOCATION;
    public static final String METRIC_GFLOPS = Names.METRIC_GFLOPS;

    private static DatasetStamp stampOf(RunResults quality, String task) {
        return quality.measurements().stream()
                .filter(m -> m.task().equals(task) && m.dataset() != null)
                .map(Measurement::dataset)
                .findFirst().orElse(null);
    }

    /**
     * The mean of each fork's iteration scores in JMH's {@code rawData} (one array per fork), times {@code scale};
     * null when there is none. These are the figure's replicates: iterations within a fork are not independent.
     */
    public static List<Double> forkMeans(JsonNode rawData, double scale) {
        List<Double> means = new ArrayList<>();
        for (JsonNode fork : rawData) {
            double sum = 0;
            int n = 0;
            for (JsonNode v : fork) {
                sum += v.asDouble() * scale;
                n++;
            }
            if (n > 0) {
                means.add(sum / n);
            }
        }
        return means.isEmpty() ? null : means;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String method(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * The checks of one figure, one per fork.
     *
     * @param checks every fork's check
     */
    record ForkChecks(List<ForkCheck> checks) {
        ForkCheck first() {
            return checks.get(0);
        }

        /** The first setup error of a fork; empty when none failed. */
        String error() {
            return checks.stream().map(ForkCheck::error).filter(e -> !e.isEmpty()).findFirst().orElse("");
        }

        /**
         * Whether the checks prove the quality of what was timed: one per fork, each with a measured test metric
         * and no setup error.
         */
        boolean verifies(int forks) {
            return checks.size() >= forks && error().isEmpty()
                    && checks.stream().allMatch(c -> Double.isFinite(c.accuracy()));
        }

        /** The mean test metric over the forks. */
        double accuracy() {
            return checks.stream().mapToDouble(ForkCheck::accuracy).average().orElse(Double.NaN);
        }

        /** Whether every fork's model met the task's target. */
        boolean met() {
            return checks.stream().allMatch(ForkCheck::qualityMet);
        }
    }

    private static Map<String, ForkChecks> readChecks(Path dir) throws IOException {
        Map<String, List<ForkCheck>> byFigure = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : files) {
                    ForkCheck c = ResultsJson.mapper().readValue(f.toFile(), ForkCheck.class);
                    byFigure.computeIfAbsent(c.figureKey(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        Map<String, ForkChecks> checks = new LinkedHashMap<>();
        byFigure.forEach((k, v) -> checks.put(k, new ForkChecks(List.copyOf(v))));
        return checks;
    }

    private static Map<String, String> percentileNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("50.0", "p50");
        m.put("90.0", "p90");
        m.put("99.0", "p99");
        m.put("99.9", "p99.9");
        m.put("100.0", "max");
        return m;
    }
}
