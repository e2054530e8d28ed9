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

import java.util.ArrayList;
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
        return new EnvironmentInfo("Fixture CPU @ 2.0GHz", List.of("sse4_2", "avx2", "fma"), 2,
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
        return new Measurement(task, engine, "cpu", Names.SCENARIO_QUALITY, Map.of(), metric, value, unit, null,
                null, null, null, null, null, stamp());
    }

    static Measurement throughput(String task, String engine, double value, Double error) {
        return new Measurement(task, engine, "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Map.of(Names.PARAM_BATCH_SIZE, "64", Names.PARAM_THREADS, "1"), Names.METRIC_THROUGHPUT, value,
                Names.UNIT_SAMPLES_PER_SECOND, error, 5L, null, List.of(value - 1, value, value + 1), 0.9667, true,
                stamp());
    }

    static Measurement latency(String task, String engine, double p50, double p90, double p99) {
        return new Measurement(task, engine, "cpu", Names.SCENARIO_INFERENCE_LATENCY,
                Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1"), Names.METRIC_LATENCY,
                (p50 + p90) / 2, Names.UNIT_MICROS, null, 10_000L,
                Map.of("p50", p50, "p90", p90, "p99", p99, "p99.9", p99 * 2), null, 0.9667, true, stamp());
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
}
