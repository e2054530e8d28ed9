package dev.jmlbench.reports;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;

import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.task.TaskCatalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST FIXTURE VALUES ONLY: made-up figures shaped like the harness's output, used to exercise the report.
 * None of these numbers was measured.
 */
final class TestFixtures {
    static final String TASK = "iris-logreg";
    static final String TASK_NO_THROUGHPUT = "tiny-mlp";
    static final String HOSTILE = "<script>alert(1)</script> \"&'";
    static final String DL4J_REASON = "native library could not be loaded: libnd4jcpu.so (fixture)";
    static final String GPU_REASON = "no CUDA device";

    private TestFixtures() {
    }

    static TaskSpec task(String id, double target) {
        return new TaskSpec(id, "fixture task " + id, TaskFamily.CLASSIC, new DatasetRef("iris", 0.2, 42),
                new ModelSpec(4, List.of(new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new TrainingRecipe(new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 16, 50,
                        Initializer.GLOROT_UNIFORM, 7),
                new QualityTarget(QualityTarget.Metric.ACCURACY, target));
    }

    static EnvironmentInfo environment() {
        return new EnvironmentInfo("Fixture CPU @ 2.0GHz", "GenuineIntel family 6 model 85 stepping 7", List.of("sse4_2", "avx2", "fma"), 2,
                8L * 1024 * 1024 * 1024, "Linux 6.1 amd64", "Fixture JVM 17.0.12", List.of("-Xmx2g"),
                Map.of("OMP_NUM_THREADS", "1", "jmlbench.threads", "1"), "0123abcd", "2024-01-02T03:04:05Z");
    }

    static List<EngineInfo> engines(String djlName) {
        return List.of(
                new EngineInfo("tribuo", "Tribuo", "4.3.2", "none", Map.of("threads", "1"),
                        List.of(DeviceStatus.available("cpu"))),
                new EngineInfo("djl", djlName, "0.36.0", "PyTorch 2.7.1",
                        Map.of("OMP_NUM_THREADS", "1", "interop", "1"),
                        List.of(DeviceStatus.available("cpu"), DeviceStatus.skipped("gpu", GPU_REASON))),
                new EngineInfo("dl4j", "Deeplearning4j", "1.0.0-M2.1", "unknown", Map.of(),
                        List.of(DeviceStatus.available("cpu"))));
    }

    static List<DatasetInfo> datasets() {
        return List.of(new DatasetInfo("iris", "fixture source", "CC BY 4.0", "ab".repeat(32),
                List.of("setosa", "versicolor", "virginica"), false));
    }

    static DatasetStamp stamp() {
        return new DatasetStamp("iris", "ab".repeat(32), "stratified, test fraction 0.2, seed 42", false);
    }

    static Measurement quality(String task, String engine, String metric, double value, String unit) {
        return Measurement.of(task, engine, Names.SCENARIO_QUALITY, metric).value(value, unit).dataset(stamp())
                .build();
    }

    static Measurement throughput(String task, String engine, double value, Double error) {
        return Measurement.of(task, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .params(Map.of(Names.PARAM_BATCH_SIZE, "64", Names.PARAM_THREADS, "1"))
                .value(value, Names.UNIT_SAMPLES_PER_SECOND).error(error).samples(5)
                .rawScores(List.of(value - 1, value, value + 1)).quality(0.9667, true).dataset(stamp())
                .forkMeans(List.of(value - 1, value, value + 1)).build();
    }

    static Measurement latency(String task, String engine, double p50, double p90, double p99) {
        return Measurement.of(task, engine, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY)
                .params(Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1"))
                .value((p50 + p90) / 2, Names.UNIT_MICROS).samples(10_000)
                .percentiles(Map.of(Names.PERCENTILE_P50, p50, Names.PERCENTILE_P90, p90, Names.PERCENTILE_P99, p99,
                        Names.PERCENTILE_P999, p99 * 2))
                .quality(0.9667, true).dataset(stamp()).build();
    }

    /**
     * Three engines on one task: tribuo (the reference, no parity figure), djl (named {@code djlName}) and
     * dl4j, which failed to load; djl's GPU cell is skipped; a second task has quality figures only.
     */
    static RunResults run(String djlName, double tribuoThroughput, double tribuoError, double djlThroughput,
                          double djlError) {
        List<Measurement> ms = new ArrayList<>(List.of(
                quality(TASK, "tribuo", Names.METRIC_ACCURACY, 0.96667, Names.UNIT_FRACTION),
                quality(TASK, "tribuo", Names.METRIC_TRAIN_TIME, 0.4321, Names.UNIT_SECONDS),
                quality(TASK, "tribuo", Names.METRIC_LOG_LOSS, 0.1234, Names.UNIT_NATS),
                quality(TASK, "djl", Names.METRIC_ACCURACY, 0.93333, Names.UNIT_FRACTION),
                quality(TASK, "djl", Names.METRIC_TRAIN_TIME, 2.5, Names.UNIT_SECONDS),
                quality(TASK, "djl", Names.METRIC_PARITY, 1.5e-7, Names.UNIT_PROBABILITY),
                throughput(TASK, "tribuo", tribuoThroughput, tribuoError),
                throughput(TASK, "djl", djlThroughput, djlError),
                latency(TASK, "tribuo", 12.3456, 15.0, 40.123),
                latency(TASK, "djl", 20.5, 30.25, 99.75),
                quality(TASK_NO_THROUGHPUT, "tribuo", Names.METRIC_ACCURACY, 0.9, Names.UNIT_FRACTION)));
        List<CellStatus> cells = List.of(
                new CellStatus(TASK, "tribuo", "cpu", Names.STAGE_QUALITY, CellStatus.Status.OK, ""),
                new CellStatus(TASK, "djl", "cpu", Names.STAGE_QUALITY, CellStatus.Status.BELOW_TARGET,
                        "accuracy 0.9333 < target 0.95"),
                new CellStatus(TASK, "djl", "gpu", Names.STAGE_OPEN, CellStatus.Status.SKIPPED, GPU_REASON),
                new CellStatus(TASK, "dl4j", "cpu", Names.STAGE_OPEN, CellStatus.Status.FAILED, DL4J_REASON),
                new CellStatus(TASK_NO_THROUGHPUT, "djl", "cpu", Names.STAGE_QUALITY, CellStatus.Status.UNSUPPORTED,
                        "fixture: layer not supported"));
        return new RunResults(RunResults.SCHEMA_VERSION, "fixture-run-1", environment(), engines(djlName),
                List.of(task(TASK, 0.95), task(TASK_NO_THROUGHPUT, 0.8)), datasets(), ms, cells);
    }

    /** The standard fixture: tribuo clearly faster than djl. */
    static RunResults run() {
        return run("Deep Java Library", 12345.6, 234.5, 6172.8, 100.0);
    }

    // ------------------------------------------------------------------------------------------------ rich fixture

    static final String CNN = "lenet5-digits";
    static final String FOREST = "digits-random-forest";
    static final String MLP = "digits-mlp";
    static final String CHARLM = "charlm-lstm";
    static final String REGRESSION = "diabetes-linreg";
    static final String LONG = "adding-problem";
    static final double FMA_PEAK = 50.0;

    static Measurement figure(String task, String engine, String scenario, Map<String, String> params, String metric,
                              double value, String unit, Double error, List<Double> raw, Map<String, Double> pct) {
        return Measurement.of(task, engine, scenario, metric).params(params).value(value, unit).error(error)
                .samples(raw == null ? null : (long) raw.size()).percentiles(pct).rawScores(raw).dataset(stamp())
                .forkMeans(raw).build();
    }

    /** Five scores around {@code mean}, spread +-{@code spread} (each the mean of one fork). */
    static List<Double> five(double mean, double spread) {
        return List.of(mean - spread, mean - spread / 2, mean, mean + spread / 2, mean + spread);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Names.PARAM_THREADS, "1");
        m.put("forks", "1");
        m.put("preset", "quick");
        m.put("jvm", "Fixture JVM 17");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Every kind of figure the report can chart, on real task specs from the catalogue: a CNN, a classic forest and
     * an MLP on the same digits (classic against networks), a character language model (bits per character), a
     * regression (R2), a long-sequence experiment without a spec, training curves, the scaling study, GFLOP/s with
     * the FMA peak, dl-vs-classic figures and Tribuo provenance.
     */
    static RunResults rich() {
        TaskCatalogue catalogue = TaskCatalogue.builtIn();
        List<Measurement> ms = new ArrayList<>();
        String[] engines = {"reference", "djl", "tribuo"};
        double[] speed = {30000, 60000, 9000};
        for (String task : List.of(CNN, FOREST, MLP)) {
            for (int e = 0; e < engines.length; e++) {
                String engine = engines[e];
                if (task.equals(CNN) && engine.equals("tribuo")) {
                    continue; // unsupported
                }
                double acc = task.equals(FOREST) ? 0.95 + 0.005 * e : task.equals(CNN) ? 0.985 - 0.005 * e
                        : 0.97 - 0.01 * e;
                ms.add(quality(task, engine, Names.METRIC_ACCURACY, acc, Names.UNIT_FRACTION));
                ms.add(quality(task, engine, Names.METRIC_MACRO_F1, acc - 0.004, Names.UNIT_FRACTION));
                ms.add(quality(task, engine, Names.METRIC_TRAIN_TIME, task.equals(FOREST) ? 0.8 + e : task.equals(CNN) ? 20 + 10 * e
                        : 4.0 + 3 * e,
                        Names.UNIT_SECONDS));
                ms.add(quality(task, engine, Names.METRIC_MODEL_SIZE, task.equals(FOREST) ? 12000 : 61706,
                        Names.UNIT_COUNT));
                ms.add(quality(task, engine, Names.METRIC_PEAK_HEAP, 64e6 * (e + 1), Names.UNIT_BYTES));
                if (!(task.equals(CNN) && engine.equals("djl"))) {
                    ms.add(quality(task, engine, Names.METRIC_TIME_TO_TARGET, task.equals(FOREST) ? 0.5 + e
                            : 1.5 + 10 * e, Names.UNIT_SECONDS));
                }
                for (String batch : List.of("1", "8", "32")) {
                    double v = speed[e] * (task.equals(CNN) ? 0.1 : 1) * Math.sqrt(Integer.parseInt(batch));
                    ms.add(figure(task, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, params(Names.PARAM_BATCH_SIZE,
                            batch), Names.METRIC_THROUGHPUT, v, Names.UNIT_SAMPLES_PER_SECOND, null,
                            five(v, v * 0.02), null));
                    if (!task.equals(FOREST)) {
                        ms.add(figure(task, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, params(
                                Names.PARAM_BATCH_SIZE, batch), Calibration.METRIC_GFLOPS, v * 2e-5, "GFLOP/s",
                                null, null, null));
                    }
                }
                double lat = 1e6 / speed[e] * (task.equals(CNN) ? 4 : 1);
                Map<String, Double> pct = new LinkedHashMap<>();
                pct.put("p50", lat);
                pct.put("p90", engine.equals("tribuo") ? Double.NaN : lat * 1.2);
                pct.put("p99", lat * 2);
                if (!engine.equals("djl")) {
                    pct.put("p99.9", lat * 8);
                }
                ms.add(figure(task, engine, Names.SCENARIO_INFERENCE_LATENCY, params(Names.PARAM_BATCH_SIZE, "1"),
                        Names.METRIC_LATENCY, lat * 1.1, Names.UNIT_MICROS, null, five(lat * 1.1, lat * 0.01), pct));
            }
        }
        // training curves of the CNN: two seeds on two engines
        for (String engine : List.of("reference", "djl")) {
            for (String seed : List.of("1", "2")) {
                double s = Integer.parseInt(seed) * 0.002;
                List<Double> acc = List.of(0.80 + s, 0.90 + s, 0.94 + s, 0.96 + s, 0.97 + s);
                List<Double> loss = List.of(1.9 - s, 0.6, 0.25, 0.12, 0.08 + s);
                List<Double> elapsed = engine.equals("djl") ? List.of(1.0, 2.1, 3.1, 4.2, 5.2)
                        : List.of(2.0, 4.0, 6.1, 8.1, 10.2);
                ms.add(figure(CNN, engine, Names.SCENARIO_TRAINING_CURVE, Map.of(Names.PARAM_SEED, seed),
                        Names.METRIC_ACCURACY, acc.get(4), Names.UNIT_FRACTION, null, acc, null));
                ms.add(figure(CNN, engine, Names.SCENARIO_TRAINING_CURVE, Map.of(Names.PARAM_SEED, seed),
                        Names.METRIC_TRAIN_LOSS, loss.get(4), Names.UNIT_NATS, null, loss, null));
                ms.add(figure(CNN, engine, Names.SCENARIO_TRAINING_CURVE, Map.of(Names.PARAM_SEED, seed),
                        Names.METRIC_ELAPSED, elapsed.get(4), Names.UNIT_SECONDS, null, elapsed, null));
            }
        }
        // the scaling study of the forest
        for (String engine : List.of("reference", "tribuo")) {
            double b = engine.equals("tribuo") ? 1.1 : 1.3;
            for (int rows : List.of(100, 200, 400, 800, 1600)) {
                Map<String, String> p = Map.of(Names.PARAM_ROWS, Integer.toString(rows));
                ms.add(figure(FOREST, engine, Names.SCENARIO_SCALING, p, Names.METRIC_TRAIN_TIME,
                        1e-4 * Math.pow(rows, b), Names.UNIT_SECONDS, null, null, null));
                ms.add(figure(FOREST, engine, Names.SCENARIO_SCALING, p, Names.METRIC_ACCURACY,
                        0.7 + 0.05 * Math.log(rows / 100.0), Names.UNIT_FRACTION, null, null, null));
                ms.add(figure(FOREST, engine, Names.SCENARIO_SCALING, p, Names.METRIC_PEAK_HEAP, 2e4 * rows * b,
                        Names.UNIT_BYTES, null, null, null));
            }
            ms.add(figure(FOREST, engine, Names.SCENARIO_SCALING_FIT, Map.of(Names.PARAM_OF, Names.METRIC_TRAIN_TIME),
                    Names.METRIC_GROWTH_EXPONENT, b, Names.UNIT_COUNT, 0.02, null, null));
        }
        // dl-vs-classic figures of a learner without its own task here
        for (String metric : List.of(Names.METRIC_ACCURACY, Names.METRIC_MACRO_F1)) {
            ms.add(figure("digits-liblinear", "tribuo", Names.SCENARIO_DL_VS_CLASSIC, Map.of(Names.PARAM_DATASET,
                    "digits", Names.PARAM_LEARNER, "logistic regression (LIBLINEAR)"), metric, 0.955,
                    Names.UNIT_FRACTION, null, null, null));
        }
        ms.add(figure("digits-liblinear", "tribuo", Names.SCENARIO_DL_VS_CLASSIC, Map.of(Names.PARAM_DATASET,
                "digits", Names.PARAM_LEARNER, "logistic regression (LIBLINEAR)"), Names.METRIC_TRAIN_TIME, 0.3,
                Names.UNIT_SECONDS, null, null, null));
        // a language model and a regression: quality in bits per character and R2
        for (int e = 0; e < 2; e++) {
            ms.add(quality(CHARLM, engines[e], Names.METRIC_BITS_PER_CHARACTER, 2.4 + 0.1 * e, Names.UNIT_BITS));
            ms.add(quality(REGRESSION, engines[e], Names.METRIC_R2, 0.45 - 0.02 * e, Names.UNIT_FRACTION));
            ms.add(quality(REGRESSION, engines[e], Names.METRIC_RMSE, 0.74 + 0.01 * e, Names.UNIT_TARGET));
        }
        // the long-sequence experiment (no spec in the results)
        for (String cell : List.of("simple-rnn", "lstm", "gru")) {
            for (int len : List.of(10, 25, 50, 100, 200)) {
                double keep = Math.exp(-len / (cell.equals("simple-rnn") ? 20.0 : cell.equals("lstm") ? 800.0 : 300.0));
                Map<String, String> p = Map.of(Names.PARAM_CELL, cell, Names.PARAM_SEQUENCE_LENGTH,
                        Integer.toString(len));
                ms.add(figure(LONG, "reference", Names.SCENARIO_LONG_SEQUENCE, p, Names.METRIC_ACCURACY,
                        0.5 + 0.5 * keep, Names.UNIT_FRACTION, null, null, null));
                if (len == 10 || len == 100) {
                    // time per step: the reference linear in the length, DJL a fixed cost plus a small linear part
                    double cost = cell.equals("lstm") ? 4 : cell.equals("gru") ? 3 : 1;
                    ms.add(figure(LONG, "reference", Names.SCENARIO_LONG_SEQUENCE, p, Names.METRIC_STEP_TIME,
                            1e-5 * cost * len, Names.UNIT_SECONDS, null, null, null));
                    ms.add(figure(LONG, "djl", Names.SCENARIO_LONG_SEQUENCE, p, Names.METRIC_STEP_TIME,
                            2e-3 + 1e-6 * cost * len, Names.UNIT_SECONDS, null, null, null));
                }
                if (len == 200 || len == 50) {
                    List<Double> norms = new ArrayList<>();
                    for (int t = 1; t <= len; t++) {
                        double decay = cell.equals("simple-rnn") ? 0.9 : cell.equals("lstm") ? 0.998 : 0.99;
                        norms.add(Math.pow(decay, len - t));
                    }
                    ms.add(figure(LONG, "reference", Names.SCENARIO_LONG_SEQUENCE, p, Names.METRIC_GRADIENT_NORM,
                            norms.get(0), "norm", null, norms, null));
                }
            }
        }
        // the machine's peak
        ms.add(figure(null, "reference", Calibration.SCENARIO, Map.of(Names.PARAM_THREADS, "1"),
                Calibration.METRIC_FMA_PEAK, FMA_PEAK, "GFLOP/s", null, null, null));
        List<TaskSpec> specs = List.of(catalogue.get(CNN), catalogue.get(FOREST), catalogue.get(MLP),
                catalogue.get(CHARLM), catalogue.get(REGRESSION));
        List<CellStatus> cells = List.of(
                new CellStatus(CNN, "tribuo", "cpu", Names.STAGE_QUALITY, CellStatus.Status.UNSUPPORTED,
                        "fixture: convolutions are not supported"),
                new CellStatus(CNN, "djl", "gpu", Names.STAGE_OPEN, CellStatus.Status.SKIPPED, GPU_REASON));
        List<DatasetInfo> datasets = List.of(
                new DatasetInfo("digits", "fixture source", "CC BY 4.0", "cd".repeat(32), List.of(), false),
                new DatasetInfo("moby-dick", "fixture source", "public domain", "ef".repeat(32), List.of(), false),
                new DatasetInfo("diabetes", "fixture source", "BSD", "12".repeat(32), List.of(), false));
        List<ModelProvenance> provenance = List.of(new ModelProvenance(FOREST, "tribuo", Map.of(
                "trainer", "org.tribuo.classification.dtree.CARTClassificationTrainer", "numTrees", "50",
                "seed", "7")));
        return new RunResults(RunResults.SCHEMA_VERSION, "fixture-rich", environment(), engines("DJL (PyTorch)"),
                specs, datasets, ms, cells, provenance);
    }

    // ------------------------------------------------------------------------------------------------ quick fixture

    /**
     * A run shaped like the quick preset: every quick task of the catalogue on four engines (reference, djl, dl4j,
     * tribuo), three forks per speed figure, two batch sizes, latency percentiles, one-epoch training curves, the
     * first epoch's and the later epochs' times of the reference and djl on the networks, and the comparisons
     * array computed as the harness does. Tribuo refuses the networks, djl and dl4j the classic
     * learners; dl4j failed on one task. Made-up numbers.
     */
    static RunResults quick() {
        TaskCatalogue catalogue = TaskCatalogue.builtIn();
        List<TaskSpec> specs = catalogue.select(catalogue.idsForTier(TaskCatalogue.TIER_QUICK));
        String[] engines = {"reference", "djl", "dl4j", "tribuo"};
        List<Measurement> ms = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        String failing = specs.stream().filter(s -> s.family() == TaskFamily.RNN).map(TaskSpec::id).findFirst()
                .orElse("");
        int t = 0;
        for (TaskSpec spec : specs) {
            t++;
            boolean classic = spec.family() == TaskFamily.CLASSIC;
            for (int e = 0; e < engines.length; e++) {
                String engine = engines[e];
                boolean supported = classic ? e == 0 || e == 3 : e < 3;
                if (!supported) {
                    cells.add(new CellStatus(spec.id(), engine, "cpu", Names.STAGE_QUALITY,
                            CellStatus.Status.UNSUPPORTED, classic ? engine + " has no classic learner (fixture)"
                            : "tribuo has no " + spec.family() + " layers (fixture)"));
                    continue;
                }
                if (engine.equals("dl4j") && spec.id().equals(failing)) {
                    cells.add(new CellStatus(spec.id(), engine, "cpu", Names.STAGE_QUALITY, CellStatus.Status.FAILED,
                            "training diverged: loss NaN at epoch 1 (fixture)"));
                    continue;
                }
                double speed = 1000 * (1 + e) * (1 + (t % 5)) * (e == 2 && t % 3 == 0 ? 0.25 : 1);
                double spread = e == 1 && t % 4 == 0 ? 0.3 : 0.02; // some inconclusive pairs
                boolean tie = classic && t % 7 == 0; // reference and tribuo equivalent within the margin
                if (tie) {
                    speed = 1000 * (1 + (t % 5)) * (e == 3 ? 1.01 : 1);
                    spread = 0.005;
                }
                QualityTarget target = spec.target();
                boolean fraction = target.metric() == QualityTarget.Metric.ACCURACY;
                double reached = target.metric().higherIsBetter() ? target.threshold() + 0.005 * (e + 1)
                        : target.threshold() * (0.9 - 0.02 * e);
                ms.add(quality(spec.id(), engine, target.metric().resultName(), reached,
                        fraction ? Names.UNIT_FRACTION : Names.UNIT_TARGET));
                ms.add(quality(spec.id(), engine, Names.METRIC_TRAIN_TIME, e == 0 ? 5.0 * t : 1.0 * t,
                        Names.UNIT_SECONDS));
                if (!classic && e < 2) {
                    // five epochs: the reference spends most of its cold run warming up, djl none of it
                    ms.add(quality(spec.id(), engine, Names.METRIC_FIRST_EPOCH_TIME, e == 0 ? 4.36 * t : 0.2 * t,
                            Names.UNIT_SECONDS));
                    ms.add(quality(spec.id(), engine, Names.METRIC_EPOCH_TIME, e == 0 ? 0.16 * t : 0.2 * t,
                            Names.UNIT_SECONDS));
                }
                for (String batch : List.of("1", "32")) {
                    double v = speed * Math.sqrt(Integer.parseInt(batch));
                    ms.add(forked(spec.id(), engine, Names.SCENARIO_INFERENCE_THROUGHPUT, params(
                            Names.PARAM_BATCH_SIZE, batch), Names.METRIC_THROUGHPUT, v, Names.UNIT_SAMPLES_PER_SECOND,
                            spread, null));
                }
                ms.add(forked(spec.id(), engine, Names.SCENARIO_TRAINING_THROUGHPUT, params(Names.PARAM_BATCH_SIZE,
                        "32"), Names.METRIC_THROUGHPUT, speed * (e == 0 ? 2.5 : 1), Names.UNIT_SAMPLES_PER_SECOND,
                        spread, null));
                double lat = 1e6 / speed;
                ms.add(forked(spec.id(), engine, Names.SCENARIO_INFERENCE_LATENCY, params(Names.PARAM_BATCH_SIZE, "1"),
                        Names.METRIC_LATENCY, lat, Names.UNIT_MICROS, spread, Map.of("p50", lat, "p90", lat * 1.3,
                                "p99", lat * 2, "p99.9", lat * 5)));
                if (!classic) {
                    ms.add(figure(spec.id(), engine, Names.SCENARIO_TRAINING_CURVE, Map.of(Names.PARAM_SEED, "1"),
                            Names.METRIC_ACCURACY, 0.9, Names.UNIT_FRACTION, null, List.of(0.9), null));
                }
            }
        }
        // the machine's calibration, as recorded now ("machine") and by older runs ("none"): no engine of a task
        ms.add(figure(Names.TASK_CALIBRATION, Names.ENGINE_MACHINE, Calibration.SCENARIO, Map.of(Names.PARAM_THREADS,
                "1"), Calibration.METRIC_FMA_PEAK, FMA_PEAK, "GFLOP/s", null, null, null));
        ms.add(figure(null, "none", Calibration.SCENARIO, Map.of(Names.PARAM_THREADS, "1"),
                Calibration.METRIC_FMA_PEAK, FMA_PEAK, "GFLOP/s", null, null, null));
        List<DatasetInfo> datasets = new ArrayList<>();
        specs.stream().map(s -> s.dataset().id()).distinct().forEach(id -> datasets.add(new DatasetInfo(id,
                "fixture source", "fixture licence", "cd".repeat(32), List.of(), false)));
        List<EngineInfo> engineInfos = new ArrayList<>(engines("DJL (PyTorch)"));
        engineInfos.add(0, new EngineInfo("reference", "jmlbench reference", "0.1.0", "none", Map.of("threads", "1"),
                List.of(DeviceStatus.available("cpu"))));
        RunResults run = new RunResults(RunResults.SCHEMA_VERSION, "fixture-quick", environment(), engineInfos,
                specs, datasets, ms, cells);
        return run.withComparisons(dev.jmlbench.reports.stats.EngineComparisons.of(ms));
    }

    /** A figure from three forks: per-fork means spread by +-{@code spread} (relative). */
    private static Measurement forked(String task, String engine, String scenario, Map<String, String> params,
                                      String metric, double value, String unit, double spread,
                                      Map<String, Double> pct) {
        List<Double> forks = List.of(value * (1 - spread), value, value * (1 + spread));
        return Measurement.of(task, engine, scenario, metric).params(params).value(value, unit).samples(15)
                .percentiles(pct).rawScores(forks).quality(null, true).dataset(stamp()).forkMeans(forks).build();
    }
}
