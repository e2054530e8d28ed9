package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.suites.harness.Evaluation;
import dev.jmlbench.suites.harness.ModelStore;
import dev.jmlbench.suites.harness.TaskData;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Training speed: one call trains one epoch of the task's recipe (same optimiser, loss and batch size) over a
 * fixed slice of at most 16 mini-batches of the training data, continuing from where the previous call left
 * off; samples/s = ops/s x slice size. Setup (engine load, data, initial parameters, JIT warm-up by JMH's
 * warm-up iterations) is outside the timed region. An engine that cannot continue training a model it has
 * trained (Tribuo's trainers always start from zero) is reported unsupported for this scenario. A classic model
 * (tree, forest, boosted trees, LIBLINEAR) has no epochs: one call builds and fits it on the whole training split.
 */
@State(Scope.Benchmark)
public class TrainingBenchmark {
    /**
     * System property of a fork that times training alone, for a task the preset does not train to its target
     * (the catalogue group {@code jmh-training}): the fork's check says so instead of proving a quality.
     */
    public static final String TRAINING_ONLY_PROPERTY = "jmlbench.trainingOnly";
    /** The origin of a training-only fork's check: its figures carry {@link Names#PARAM_QUALITY_CHECK}. */
    static final String TRAINING_ONLY_ORIGIN = "timed: the recipe's epochs on a slice from the task's initial"
            + " parameters; quality: not measured (this preset times training alone for this task)";

    /** Mini-batches per timed call. */
    static final int BATCHES_PER_CALL = 16;

    /** Engine id. */
    @Param({Unset.ENGINE}) // the JMH stage sets the engine it finds through the SPI
    public String engine;

    /** Task id from the catalogue. */
    @Param({Unset.TASK}) // the JMH stage sets the task from the catalogue
    public String task;

    /** Device the model is built on, as the engine names it ({@code cpu}, {@code gpu}, ...); the JMH stage sets it. */
    @Param({Names.DEVICE_CPU})
    public String device;

    private Engine openedEngine;
    private Model model;
    private TaskSpec oneCall;
    private TaskData slice;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        try {
            TaskSpec spec = TaskCatalogue.active().get(task);
            TaskData data = TaskData.load(spec);
            int threads = Integer.getInteger("jmlbench.threads", 1);
            Path cache = Path.of(System.getProperty("jmlbench.cacheDir", "target/native-cache"));
            openedEngine = Engines.find(engine).open(new EngineConfig(threads, cache));
            int n;
            if (spec.isNetwork()) {
                TrainingRecipe r = spec.training();
                oneCall = new TaskSpec(spec.id(), spec.description(), spec.family(), spec.dataset(),
                        spec.model(), new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(),
                        r.seed()), spec.target());
                n = Math.min(data.trainSize(), BATCHES_PER_CALL * r.batchSize());
            } else {
                oneCall = spec; // a classic model is fitted whole: one call fits it on the whole training split
                n = data.trainSize();
            }
            slice = data.withTrainRows(n);
            Support support = openedEngine.supports(oneCall);
            if (!support.supported()) {
                throw new IllegalStateException(ForkCheck.UNSUPPORTED + support.reason());
            }
            if (spec.isNetwork()) {
                model = openedEngine.build(oneCall, device);
                model.importParameters(ParameterInitializer.initialize(spec.model(), spec.training().initializer(),
                        spec.training().seed()));
                trainOnce();
                try {
                    trainOnce();
                } catch (IllegalStateException | UnsupportedOperationException e) {
                    throw new IllegalStateException(ForkCheck.UNSUPPORTED + "the engine cannot continue training a model it"
                            + " has trained (" + e.getMessage() + ")", e);
                }
            } else {
                fitFresh();
            }
            if (Boolean.getBoolean(TRAINING_ONLY_PROPERTY)) {
                InferenceBenchmark.writeCheck(new ForkCheck(params.getBenchmark(), task, engine, 1, n, Double.NaN,
                        false, TRAINING_ONLY_ORIGIN, "").withEngineThreads(openedEngine.info().threads().toString())
                        .onDevice(device));
                return;
            }
            Evaluation quality = recipeQuality(spec, data);
            InferenceBenchmark.writeCheck(new ForkCheck(params.getBenchmark(), task, engine, 1, n, quality.target(),
                    quality.met(), spec.isNetwork() ? "timed: the recipe's epochs on a slice from the task's initial"
                    + " parameters; quality: the model this engine trained with the recipe in the quality stage,"
                    + " re-measured in this fork" : "timed: fitting the whole training split; quality: the fitted"
                    + " model, measured in this fork", "").withEngineThreads(openedEngine.info().threads().toString())
                    .onDevice(device));
        } catch (Exception | LinkageError e) {
            InferenceBenchmark.writeCheck(new ForkCheck(params.getBenchmark(), task, engine, 1, 0, Double.NaN, false,
                    "", e.getMessage() != null && (e.getMessage().startsWith(ForkCheck.UNSUPPORTED)
                    || e.getMessage().startsWith("unverified: ")) ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()).onDevice(device));
            throw e;
        }
    }

    /**
     * The quality of what this fork times: for a network, the model the same engine trained with the same recipe
     * in the quality stage (its stored parameters, evaluated here); for a classic model, the model the setup
     * just fitted on the whole training split.
     *
     * @throws IllegalStateException when a network has no stored model: the figure cannot be verified
     */
    private Evaluation recipeQuality(TaskSpec spec, TaskData data) throws IOException {
        if (!spec.isNetwork()) {
            return Evaluation.of(spec, data, model.predict(data.testFeatures()));
        }
        ModelStore store = InferenceBenchmark.modelStore();
        Parameters trained = store == null ? null : store.load(task, engine).orElse(null);
        if (trained == null) {
            throw new IllegalStateException("unverified: no model trained by the quality stage for " + task + " on "
                    + engine + ", so the quality this training reaches cannot be shown; run the quality stage first");
        }
        try (Model check = openedEngine.build(spec, device)) {
            check.importParameters(trained);
            return Evaluation.of(spec, data, check.predict(data.testFeatures()));
        }
    }

    /** One epoch over the slice. */
    @Produces(scenario = Names.SCENARIO_TRAINING_THROUGHPUT, metric = Names.METRIC_THROUGHPUT,
            unit = Names.UNIT_SAMPLES_PER_SECOND, perCall = Produces.PerCall.EXAMPLES_PER_CALL,
            flops = Produces.FlopCount.TRAINING, allocation = true)
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object trainingThroughput() {
        return oneCall.isNetwork() ? trainOnce() : fitFresh();
    }

    private Object trainOnce() {
        return slice instanceof TaskData.Regression r ? model.trainRegression(r.train(), EpochListener.NONE)
                : model.train(((TaskData.Classification) slice).train());
    }

    /** Builds and fits a fresh classic model; the previous one is closed first (inside the timed call). */
    private Object fitFresh() {
        if (model != null) {
            model.close();
        }
        model = openedEngine.build(oneCall, device);
        return model.train(((TaskData.Classification) slice).train());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        TrialResources.close(model, openedEngine);
    }
}
