package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.suites.harness.TaskData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.suites.harness.Evaluation;
import dev.jmlbench.suites.harness.ModelStore;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: in a fresh JVM (one measurement per fork, no warm-up), the time from nothing to the first
 * prediction - find and open the engine (class loading, native libraries), build the model, import the trained
 * parameters (a classic learner: restore the state the quality stage fitted, {@code Model.restoreFitted}), predict
 * one example - then close it. Data loading and reading the model's file are outside the timed region.
 */
@State(Scope.Benchmark)
public class ColdStartBenchmark {

    /** Engine id. */
    @Param({Unset.ENGINE}) // the JMH stage sets the engine it finds through the SPI
    public String engine;

    /**
     * Why a classic cell has no cold-start figure when the quality stage saved no fitted model of it (its engine
     * cannot save one): the JMH stage does not start its forks.
     */
    static final String CLASSIC_UNSUPPORTED = ForkCheck.UNSUPPORTED + "the engine saved no fitted model of this classic"
            + " learner, so its first prediction would include fitting it; the training scenario measures the fit";

    /** Task id from the catalogue. */
    @Param({Unset.TASK}) // the JMH stage sets the task from the catalogue
    public String task;

    /** Device the model is built on, as the engine names it ({@code cpu}, {@code gpu}, ...); the JMH stage sets it. */
    @Param({Names.DEVICE_CPU})
    public String device;

    private TaskSpec spec;
    private TaskData data;
    private String benchmark;
    private Parameters parameters;
    private byte[] fitted;
    private float[][] example;
    private Engine opened;
    private Model model;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        spec = TaskCatalogue.active().get(task);
        ModelStore store = InferenceBenchmark.modelStore();
        if (!spec.isNetwork()) {
            fitted = store == null ? null : store.loadFitted(task, engine).orElse(null);
            if (fitted == null) {
                InferenceBenchmark.writeCheck(new ForkCheck(params.getBenchmark(), task, engine, 1, 1, Double.NaN,
                        false, "", CLASSIC_UNSUPPORTED).onDevice(device));
                throw new IllegalStateException(CLASSIC_UNSUPPORTED);
            }
        }
        data = TaskData.load(spec);
        benchmark = params.getBenchmark();
        example = new float[][] {data.testFeatures()[0]};
        parameters = store == null || !spec.isNetwork() ? null : store.load(task, engine).orElse(null);
        if (parameters == null && fitted == null) {
            String why = "unverified: no model trained by the quality stage for " + task + " on " + engine
                    + "; a cold start of untrained weights proves nothing about the model users run";
            InferenceBenchmark.writeCheck(new ForkCheck(benchmark, task, engine, 1, 1, Double.NaN, false, "", why)
                    .onDevice(device));
            throw new IllegalStateException(why);
        }
    }

    /**
     * After the timed first prediction: the test metric of the very model the fork timed, recorded in the fork's
     * check (measured after the timing, so the cold path stays cold).
     */
    @TearDown(Level.Iteration)
    public void verify() throws java.io.IOException {
        if (model == null) {
            return;
        }
        Evaluation e = Evaluation.of(spec, data, model.predict(data.testFeatures()));
        InferenceBenchmark.writeCheck(new ForkCheck(benchmark, task, engine, 1, 1, e.target(), e.met(),
                "first prediction of a fresh JVM; quality of that model measured after the timing", "")
                .withEngineThreads(opened.info().threads().toString()).onDevice(device));
    }

    /**
     * Engine open, model build, parameter import (a classic learner: its fitted state restored from the bytes the
     * setup read from disk) and one prediction, in a fresh JVM; closing is not timed.
     */
    @Produces(scenario = Names.SCENARIO_COLD_START, metric = Names.METRIC_COLD_START, unit = Names.UNIT_MILLIS)
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[][] coldStart() throws Exception {
        int threads = Integer.getInteger("jmlbench.threads", 1);
        Path cache = Path.of(System.getProperty("jmlbench.cacheDir", "target/native-cache"));
        opened = Engines.find(engine).open(new EngineConfig(threads, cache));
        model = opened.build(spec, device);
        if (parameters != null) {
            model.importParameters(parameters);
        } else {
            model.restoreFitted(fitted);
        }
        return model.predict(example);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }
}
