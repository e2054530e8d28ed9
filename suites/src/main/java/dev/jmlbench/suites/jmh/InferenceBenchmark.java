package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.suites.harness.CellTrainer;
import dev.jmlbench.suites.harness.Evaluation;
import dev.jmlbench.suites.harness.TaskData;
import dev.jmlbench.suites.harness.ModelStore;
import dev.jmlbench.suites.harness.TrainedCell;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Inference speed of a trained model: throughput over a batch-size sweep, and the latency of one
 * single-example prediction. Each call goes through the engine's public Java API from {@code float[][]} in to
 * {@code float[][]} probabilities out, the path a user's code takes.
 *
 * <p>Setup, outside the timed region: open the engine with the harness's thread budget, load the data, import the
 * parameters the quality stage trained for this cell, or restore the classic model it fitted (without them, train
 * the task exactly as the quality stage does), measure the test accuracy of this very model and record it in a
 * {@link ForkCheck} file. Settings come from system properties, which forks inherit: {@code jmlbench.threads},
 * {@code jmlbench.cacheDir}, {@code jmlbench.checkDir}, {@code jmlbench.modelDir}.
 */
public class InferenceBenchmark {

    /** The trained model of one (task, engine) cell. */
    @State(Scope.Benchmark)
    public static class Trained {
        /** Engine id; the harness passes the engines to compare. */
        @Param({Unset.ENGINE}) // the JMH stage sets the engine it finds through the SPI
        public String engine;

        /** Task id from the catalogue. */
        @Param({Unset.TASK}) // the JMH stage sets the task from the catalogue
        public String task;

        /** Device the model is built on, as the engine names it ({@code cpu}, {@code gpu}, ...); the JMH stage sets it. */
        @Param({Names.DEVICE_CPU})
        public String device;

        Engine openedEngine;
        Model model;
        float[][] test;
        double accuracy;
        boolean qualityMet;
        String origin;
        /** Time factor injected into this engine's timed calls ({@link SlowdownInjection}); 1 normally. */
        double slowdown;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) throws Exception {
            try {
                load();
            } catch (Exception | LinkageError e) {
                String batch = params.getParam(Names.PARAM_BATCH_SIZE);
                int b = batch == null ? 1 : Integer.parseInt(batch);
                writeCheck(new ForkCheck(params.getBenchmark(), task, engine, b, b, Double.NaN, false, "",
                        e.getClass().getSimpleName() + ": " + e.getMessage()).onDevice(device));
                throw e;
            }
        }

        /** Opens the engine and builds, restores or trains the model (package-private for its test). */
        void load() throws Exception {
            TaskSpec spec = TaskCatalogue.active().get(task);
            TaskData data = TaskData.load(spec);
            int threads = Integer.getInteger("jmlbench.threads", 1);
            Path cache = Path.of(System.getProperty("jmlbench.cacheDir", "target/native-cache"));
            openedEngine = Engines.find(engine).open(new EngineConfig(threads, cache));
            ModelStore store = modelStore();
            Optional<Parameters> stored = spec.isNetwork() && store != null ? store.load(task, engine)
                    : Optional.empty();
            Evaluation evaluation = null;
            String unrestored = "the quality stage saved no fitted model of this cell";
            if (stored.isPresent()) {
                model = openedEngine.build(spec, device);
                model.importParameters(stored.get());
                evaluation = Evaluation.of(spec, data, model.predict(data.testFeatures()));
                origin = "trained by the quality stage, quality re-measured in this fork";
            } else if (!spec.isNetwork() && store != null) {
                try {
                    Optional<byte[]> fitted = store.loadFitted(task, engine);
                    if (fitted.isPresent()) {
                        evaluation = restore(spec, data, fitted.get());
                    }
                } catch (IOException | RuntimeException e) {
                    // a fork that cannot restore the model still times one: fitted here, and the check says why
                    unrestored = "the quality stage's fitted model did not restore: " + e.getMessage();
                }
            }
            if (evaluation == null) {
                TrainedCell cell = CellTrainer.train(openedEngine, spec, data, false, EpochListener.NONE, device);
                model = cell.model();
                evaluation = cell.evaluation();
                origin = spec.isNetwork() ? "trained in this fork" : "fitted in this fork (" + unrestored + ")";
            }
            accuracy = evaluation.target();
            qualityMet = evaluation.met();
            test = data.testFeatures();
            slowdown = SlowdownInjection.factorFor(engine);
            origin += SlowdownInjection.note(slowdown);
        }

        /** Builds the model from a classic cell's fitted state and measures its quality on the test split. */
        private Evaluation restore(TaskSpec spec, TaskData data, byte[] fitted) {
            Model restored = openedEngine.build(spec, device);
            try {
                restored.restoreFitted(fitted);
                Evaluation evaluation = Evaluation.of(spec, data, restored.predict(data.testFeatures()));
                model = restored;
                origin = "fitted by the quality stage, quality re-measured in this fork";
                return evaluation;
            } catch (RuntimeException e) {
                restored.close();
                throw e;
            }
        }

        /** The timed call: the model's prediction, stretched when a slowdown is injected ({@link SlowdownInjection}). */
        float[][] predict(float[][] x) {
            if (slowdown > 1) {
                long start = System.nanoTime();
                float[][] y = model.predict(x);
                SlowdownInjection.stretch(start, slowdown);
                return y;
            }
            return model.predict(x);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            TrialResources.close(model, openedEngine);
        }
    }

    /**
     * Distinct test examples a throughput fork cycles through at least (where the test split has them), as the
     * latency scenario does ({@link Single}): what a model reads depends on the example for trees (the path to a
     * leaf), so cycling through few examples keeps their paths in cache and overstates a tree model's small-batch
     * throughput. With 16 single examples the reference engine's MNIST forest read 180,124 examples/s at batch 1,
     * against 43,558/s (22.96 us each) for single examples over 256 rows (full-preset run, ci/full-run); one fork
     * each on one machine, batch 1: 174,267/s cycling through 16 examples, 70,949/s through 256.
     */
    static final int MIN_CYCLED_EXAMPLES = 256;

    /**
     * How many batches of {@code batchSize} a throughput fork cycles through: at least 16 (so no single batch is
     * cached) and at least {@link #MIN_CYCLED_EXAMPLES} examples in all, as far as {@code testRows} allow; at least 1.
     */
    static int batchCount(int testRows, int batchSize) {
        int wanted = Math.max(16, (MIN_CYCLED_EXAMPLES + batchSize - 1) / batchSize);
        return Math.max(1, Math.min(wanted, testRows / batchSize));
    }

    /** Batches of the test examples, of the swept size, cycled through so no single batch is cached. */
    @State(Scope.Benchmark)
    public static class Batches {
        /** Examples per call. */
        @Param({"32"})
        public int batchSize;

        Inputs inputs;

        @Setup(Level.Trial)
        public void setUp(Trained trained) {
            int count = batchCount(trained.test.length, batchSize);
            float[][][] batches = new float[count][batchSize][];
            int row = 0;
            for (float[][] batch : batches) {
                for (int i = 0; i < batchSize; i++) {
                    batch[i] = trained.test[row];
                    row = (row + 1) % trained.test.length;
                }
            }
            inputs = new Inputs(batches);
        }
    }

    /** Records the accuracy of the timed model (or the setup's failure) for the merge. */
    @State(Scope.Benchmark)
    public static class Check {
        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params, Trained trained) throws IOException {
            String batch = params.getParam(Names.PARAM_BATCH_SIZE);
            int b = batch == null ? 1 : Integer.parseInt(batch);
            writeCheck(new ForkCheck(params.getBenchmark(), trained.task, trained.engine, b, b, trained.accuracy,
                    trained.qualityMet, trained.origin, "").withEngineThreads(
                    trained.openedEngine.info().threads().toString()).onDevice(trained.device));
        }
    }

    /** Predictions per second in calls of {@code batchSize} examples; samples/s = ops/s x batch size. */
    @Produces(scenario = Names.SCENARIO_INFERENCE_THROUGHPUT, metric = Names.METRIC_THROUGHPUT,
            unit = Names.UNIT_SAMPLES_PER_SECOND, perCall = Produces.PerCall.BATCH_SIZE,
            flops = Produces.FlopCount.FORWARD, allocation = true)
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[][] batchThroughput(Trained trained, Batches batches, Check check) {
        return trained.predict(batches.inputs.next());
    }

    /** Latency of one single-example prediction, cycling through the test examples. */
    @Produces(scenario = Names.SCENARIO_INFERENCE_LATENCY, metric = Names.METRIC_LATENCY, unit = Names.UNIT_MICROS,
            batchSize = 1, allocation = true)
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[][] singleSampleLatency(Trained trained, Single single, Check check) {
        return trained.predict(single.inputs.next());
    }

    /** Single-example inputs. */
    @State(Scope.Benchmark)
    public static class Single {
        Inputs inputs;

        @Setup(Level.Trial)
        public void setUp(Trained trained) {
            float[][][] rows = new float[Math.min(MIN_CYCLED_EXAMPLES, trained.test.length)][][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new float[][] {trained.test[i]};
            }
            inputs = new Inputs(rows);
        }
    }

    /** The quality stage's models, as every fork is given them ({@code jmlbench.modelDir}); null when it was not. */
    static ModelStore modelStore() {
        String dir = System.getProperty("jmlbench.modelDir");
        return dir == null ? null : new ModelStore(Path.of(dir));
    }

    static void writeCheck(ForkCheck check) throws IOException {
        String dir = System.getProperty("jmlbench.checkDir");
        if (dir == null) {
            return;
        }
        Path folder = Path.of(dir);
        Files.createDirectories(folder);
        ResultsJson.mapper().writeValue(folder.resolve(check.fileName()).toFile(), check);
    }
}
