package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.suites.harness.CellTrainer;
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
import java.util.concurrent.TimeUnit;

/**
 * Inference speed of a trained model: batch throughput over the whole test split, and the latency of one
 * single-example prediction. Each call goes through the engine's public Java API from {@code float[][]} in to
 * {@code float[][]} probabilities out, the path a user's code takes.
 *
 * <p>Setup, outside the timed region: open the engine with the harness's thread budget, load the data, train
 * the task from the canonical initial parameters exactly as the quality run does, and record the accuracy of
 * this model in a {@link ForkCheck} file. Settings come from system properties, which forks inherit:
 * {@code jmlbench.threads}, {@code jmlbench.cacheDir}, {@code jmlbench.checkDir}.
 */
@State(Scope.Benchmark)
public class InferenceBenchmark {

    /** Engine id; the harness passes the engines to compare. */
    @Param({"reference"})
    public String engine;

    /** Task id from the catalogue. */
    @Param({"iris-logreg"})
    public String task;

    private Engine openedEngine;
    private Model model;
    private float[][] batch;
    private float[][][] singles;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        String benchmark = params.getBenchmark();
        try {
            TaskSpec spec = TaskCatalogue.builtIn().get(task);
            TrainTestData data = Datasets.load(spec.dataset());
            int threads = Integer.getInteger("jmlbench.threads", 1);
            Path cache = Path.of(System.getProperty("jmlbench.cacheDir", "target/native-cache"));
            openedEngine = Engines.find(engine).open(new EngineConfig(threads, cache));
            TrainedCell cell = CellTrainer.train(openedEngine, spec, data);
            model = cell.model();
            batch = data.test().features();
            singles = new float[batch.length][][];
            for (int i = 0; i < batch.length; i++) {
                singles[i] = new float[][] {batch[i]};
            }
            writeCheck(new ForkCheck(benchmark, task, engine, batch.length, cell.accuracy(),
                    spec.target().isMetBy(cell.accuracy()), ""));
        } catch (Exception | LinkageError e) {
            writeCheck(new ForkCheck(benchmark, task, engine, 0, Double.NaN, false,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
    }

    /** Predictions per second over the whole test split in one call; samples/s = ops/s x batch size. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[][] batchThroughput() {
        return model.predict(batch);
    }

    /** Latency of one single-example prediction, cycling through the test examples. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[][] singleSampleLatency() {
        float[][] x = singles[next];
        next = next + 1 == singles.length ? 0 : next + 1;
        return model.predict(x);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (model != null) {
            model.close();
        }
        if (openedEngine != null) {
            openedEngine.close();
        }
    }

    private static void writeCheck(ForkCheck check) throws IOException {
        String dir = System.getProperty("jmlbench.checkDir");
        if (dir == null) {
            return;
        }
        Path folder = Path.of(dir);
        Files.createDirectories(folder);
        String method = check.benchmark().substring(check.benchmark().lastIndexOf('.') + 1);
        Path file = folder.resolve(check.task() + "__" + check.engine() + "__" + method + ".json");
        ResultsJson.mapper().writeValue(file.toFile(), check);
    }
}
