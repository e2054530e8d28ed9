package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the conformance kit does not check: thread settings, support reasons, loss averaging, divergence. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jEngineTest {
    private Engine engine;
    private Engine reference;
    private TaskSpec iris;
    private TrainTestData data;

    @BeforeAll
    void open() throws EngineUnavailableException {
        EngineConfig config = new EngineConfig(1, Path.of("target", "native-cache"));
        engine = Engines.find("dl4j").open(config);
        reference = Engines.find("reference").open(config);
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        data = Datasets.load(iris.dataset());
    }

    @AfterAll
    void close() {
        engine.close();
        reference.close();
    }

    @Test
    void providerIsFoundByIdWithItsDisplayName() {
        assertEquals("Deeplearning4j (nd4j-native)", Engines.find("dl4j").displayName());
        assertInstanceOf(Dl4jEngineProvider.class, Engines.find("dl4j"));
    }

    @Test
    void openRecordsTheAppliedThreadSettingsAndTheEnvironment() {
        Map<String, String> t = engine.info().threads();
        System.out.println("dl4j thread settings: " + t);
        assertEquals("1", t.get("thread budget"));
        assertEquals(envOrUnset("OMP_NUM_THREADS"), t.get("OMP_NUM_THREADS (environment)"));
        assertEquals(envOrUnset("OMP_WAIT_POLICY"), t.get("OMP_WAIT_POLICY (environment)"));
        assertEquals(envOrUnset("ONEDNN_MAX_CPU_ISA"), t.get("ONEDNN_MAX_CPU_ISA (environment)"));
        assertEquals("1", t.get("nd4j OpenMP threads (setOmpNumThreads, per calling thread)"));
        assertEquals("1", t.get("libnd4j master threads (Environment.setMaxMasterThreads)"));
        assertEquals("1", t.get("OpenBLAS threads (Blas.setMaxThreads)"));
        assertTrue(t.containsKey("libnd4j pool size (Environment.maxThreads)"), t.toString());
        if ("1".equals(System.getenv("OMP_NUM_THREADS")) && System.getenv("SD_MAX_THREADS") == null) {
            assertEquals("1", t.get("libnd4j pool size (Environment.maxThreads)"));
        }
    }

    @Test
    void aLargerBudgetIsAppliedAndRecordedThenRestored() throws EngineUnavailableException {
        try (Engine two = new Dl4jEngineProvider().open(new EngineConfig(2, Path.of("target", "native-cache")))) {
            Map<String, String> t = two.info().threads();
            assertEquals("2", t.get("thread budget"));
            assertEquals("2", t.get("nd4j OpenMP threads (setOmpNumThreads, per calling thread)"));
            assertEquals("2", t.get("OpenBLAS threads (Blas.setMaxThreads)"));
        } finally {
            // nd4j's settings are process-wide: put the budget of 1 back for the other tests
            try (Engine one = new Dl4jEngineProvider().open(new EngineConfig(1, Path.of("target", "native-cache")))) {
                assertEquals("1", one.info().threads().get("OpenBLAS threads (Blas.setMaxThreads)"));
            }
        }
    }

    /**
     * OpenMP keeps its thread count per native thread: a fresh worker thread starts from the process default
     * (OMP_NUM_THREADS, 1 under Maven), so a budget of 2 must be re-applied there by the model itself.
     */
    @Test
    void openMpBudgetFollowsTheModelOntoOtherThreads() throws Exception {
        try (Dl4jEngine two = (Dl4jEngine) new Dl4jEngineProvider().open(
                new EngineConfig(2, Path.of("target", "native-cache")));
             Model model = two.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 1));
            AtomicInteger before = new AtomicInteger(-1);
            AtomicInteger after = new AtomicInteger(-1);
            Thread worker = new Thread(() -> {
                before.set(two.threads().openMpThreadsOfCurrentThread());
                model.predict(data.test().features());
                after.set(two.threads().openMpThreadsOfCurrentThread());
            });
            worker.start();
            worker.join();
            System.out.println("OpenMP threads of a fresh worker thread: " + before.get() + " before predict, "
                    + after.get() + " after (budget 2)");
            assertEquals(2, after.get(), "OpenMP threads on a fresh worker thread after predict");
        } finally {
            try (Engine one = new Dl4jEngineProvider().open(new EngineConfig(1, Path.of("target", "native-cache")))) {
                assertEquals("1", one.info().threads().get("OpenBLAS threads (Blas.setMaxThreads)"));
            }
        }
    }

    /** Prints the parity figures the conformance kit only asserts, and asserts the same tolerances. */
    @Test
    void parityFiguresAgainstTheReference() {
        Parameters glorot = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        double forward;
        try (Model ref = reference.build(iris); Model model = engine.build(iris)) {
            ref.importParameters(glorot);
            model.importParameters(glorot);
            forward = dev.jmlbench.conformance.EngineConformanceKit.maxAbsDiff(ref.predict(data.test().features()),
                    model.predict(data.test().features()));
        }
        Parameters initial = ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed());
        double trained;
        double loss = 0;
        try (Model ref = reference.build(iris); Model model = engine.build(iris)) {
            ref.importParameters(initial);
            model.importParameters(initial);
            TrainingLog a = ref.train(data.train());
            TrainingLog b = model.train(data.train());
            trained = ref.exportParameters().maxAbsDiff(model.exportParameters());
            for (int i = 0; i < a.epochLosses().size(); i++) {
                loss = Math.max(loss, Math.abs(a.epochLosses().get(i) - b.epochLosses().get(i)));
            }
        }
        System.out.printf("dl4j vs reference on iris-logreg: forward max |dp| = %.3g, trained max |dw| = %.3g,"
                + " epoch-loss max |dL| = %.3g%n", forward, trained, loss);
        assertTrue(forward <= 1e-5, "forward " + forward);
        assertTrue(trained <= 2e-3, "trained " + trained);
    }

    @Test
    void infoNamesVersionsAndAnHonestGpuStatus() {
        EngineInfo info = engine.info();
        System.out.println("dl4j info: " + info);
        assertEquals("1.0.0-M2.1", info.libraryVersion());
        assertTrue(info.nativeVersion().contains("libnd4j 1.0.0-M2.1"), info.nativeVersion());
        assertTrue(info.nativeVersion().contains("OPENBLAS"), info.nativeVersion());
        assertTrue(info.devices().stream().anyMatch(d -> d.device().equals("gpu") && !d.available()
                && d.reason().contains("nd4j-cuda")), info.devices().toString());
    }

    @Test
    void unsupportedTasksSayWhy() {
        // (mean squared error with a classification target can no longer be written: TaskSpec refuses it; the
        // regression refusals are in Dl4jRegressionTest)
        TaskSpec tanhOut = withModel(iris, new ModelSpec(4, List.of(new LayerSpec.Dense(3, Activation.TANH))));
        Support s = engine.supports(tanhOut);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("SOFTMAX output layer"), s.reason());

        TaskSpec softmaxHidden = withModel(iris, new ModelSpec(4, List.of(new LayerSpec.Dense(5, Activation.SOFTMAX),
                new LayerSpec.Dense(3, Activation.SOFTMAX))));
        s = engine.supports(softmaxHidden);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("layer 0 uses softmax"), s.reason());

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> engine.build(tanhOut));
        assertTrue(e.getMessage().contains("iris-logreg") && e.getMessage().contains("SOFTMAX output layer"),
                e.getMessage());
    }

    /** miniBatch(true): DL4J's score is the batch MEAN loss, like the reference's, epoch by epoch. */
    @Test
    void epochLossesAreBatchMeansLikeTheReference() {
        Parameters initial = ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed());
        TrainingLog expected;
        try (Model ref = reference.build(iris)) {
            ref.importParameters(initial);
            expected = ref.train(data.train());
        }
        try (Model model = engine.build(iris)) {
            model.importParameters(initial);
            TrainingLog log = model.train(data.train());
            assertEquals(iris.training().epochs(), log.epochLosses().size());
            // first epoch from zero weights: every first-batch loss is ln 3
            assertEquals(expected.epochLosses().get(0), log.epochLosses().get(0), 1e-5);
            for (int i = 0; i < expected.epochLosses().size(); i++) {
                assertEquals(expected.epochLosses().get(i), log.epochLosses().get(i), 1e-4, "epoch " + (i + 1));
            }
        }
    }

    /** A hidden layer exercises DenseLayer and the activation mapping; training matches the reference. */
    @Test
    void hiddenLayerNetworkTrainsLikeTheReference() {
        for (Activation hidden : List.of(Activation.TANH, Activation.SIGMOID, Activation.RELU, Activation.IDENTITY)) {
            TaskSpec mlp = withModel(iris, new ModelSpec(4, List.of(new LayerSpec.Dense(6, hidden),
                    new LayerSpec.Dense(3, Activation.SOFTMAX))));
            TrainingRecipe r = iris.training();
            mlp = withRecipe(mlp, new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 10, r.initializer(),
                    r.seed()));
            Parameters initial = ParameterInitializer.initialize(mlp.model(), Initializer.GLOROT_UNIFORM, 7);
            Parameters expected;
            float[][] expectedOut;
            try (Model ref = reference.build(mlp)) {
                ref.importParameters(initial);
                ref.train(data.train());
                expected = ref.exportParameters();
                expectedOut = ref.predict(data.test().features());
            }
            try (Model model = engine.build(mlp)) {
                model.importParameters(initial);
                model.train(data.train());
                double max = expected.maxAbsDiff(model.exportParameters());
                assertTrue(max <= 2e-3, hidden + ": max |w - w_ref| = " + max);
                float[][] out = model.predict(data.test().features());
                for (int i = 0; i < out.length; i++) {
                    for (int j = 0; j < out[i].length; j++) {
                        assertEquals(expectedOut[i][j], out[i][j], 1e-3, hidden + " p[" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void divergenceStopsWithTheStep() {
        TrainingRecipe r = iris.training();
        TaskSpec hot = withRecipe(iris, new TrainingRecipe(new OptimizerSpec.Sgd(1e38), r.loss(), r.batchSize(),
                r.epochs(), r.initializer(), r.seed()));
        try (Model model = engine.build(hot)) {
            model.importParameters(ParameterInitializer.initialize(hot.model(), Initializer.GLOROT_UNIFORM, 1));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> model.train(data.train()));
            assertTrue(e.getMessage().contains("diverged at step"), e.getMessage());
        }
    }

    @Test
    void badInputNamesBothSizes() {
        try (Model model = engine.build(iris)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4, 5}}));
            assertEquals("dl4j model of task iris-logreg: input row 1 has 5 features, the model expects 4",
                    e.getMessage());
        }
    }

    @Test
    void repeatedPredictionsGiveIdenticalResults() {
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 3));
            float[][] first = model.predict(data.test().features());
            for (int i = 0; i < 200; i++) {
                float[][] again = model.predict(data.test().features());
                for (int r = 0; r < first.length; r++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(first[r], again[r]);
                }
            }
            assertEquals(0, model.predict(new float[0][]).length);
        }
    }

    @Test
    void closedModelRefusesWork() {
        Model model = engine.build(iris);
        model.close();
        model.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> model.predict(new float[][] {{1, 2, 3, 4}}));
    }

    @Test
    void loadFailureMessageSaysWhatFailedAndWhatToDo() {
        Throwable cause = new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
        EngineUnavailableException e = Dl4jEngineProvider.unavailable(cause, "/tmp/cache/javacpp");
        assertTrue(e.getMessage().startsWith("nd4j-native for linux-x86_64 could not be loaded: "), e.getMessage());
        assertTrue(e.getMessage().contains("UnsatisfiedLinkError: no jnind4jcpu in java.library.path"), e.getMessage());
        assertTrue(e.getMessage().contains("nd4j-native:1.0.0-M2.1 with classifier linux-x86_64"), e.getMessage());
        assertTrue(e.getMessage().contains("/tmp/cache/javacpp"), e.getMessage());
        assertEquals(cause, e.getCause());
    }

    @Test
    void javacppCacheFolderIsSet() {
        assertTrue(System.getProperty("org.bytedeco.javacpp.cachedir") != null);
    }

    private static String envOrUnset(String name) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? "unset" : v;
    }

    private static TaskSpec withRecipe(TaskSpec t, TrainingRecipe r) {
        return new TaskSpec(t.id(), t.description(), t.family(), t.dataset(), t.model(), r, t.target());
    }

    private static TaskSpec withModel(TaskSpec t, ModelSpec m) {
        return new TaskSpec(t.id(), t.description(), t.family(), t.dataset(), m, t.training(), t.target());
    }
}
