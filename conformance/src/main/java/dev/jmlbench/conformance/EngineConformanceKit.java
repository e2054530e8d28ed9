package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The checks every engine passes. Extend it in the adapter's tests and name the engine id; the engine and the
 * reference engine are found through {@link Engines}, as the harness finds them.
 *
 * <p>Training parity starts from the task's own initial parameters (the recipe's initializer and seed), as the
 * harness does; forward parity and export use random (Glorot) parameters.
 *
 * <p>Checks on the iris task: (a) honest support report, (b) forward parity with the reference on identical weights,
 * (c) parameters after one epoch and after the full recipe match the reference's from identical weights and
 * batches, (d) lossless export, (e) the task's accuracy target on real data, (f) a clear error on bad input.
 *
 * <p>The same checks run for every architecture of {@link KitArchitecture#all()} (Dense MLP, LeNet-5, a CNN with
 * average pooling and dropout, SimpleRNN, LSTM, GRU, Embedding + LSTM, Embedding + Conv1D): an architecture that the
 * engine, or the reference engine, does not support is skipped (a JUnit assumption) with the engine's reason, never
 * failed; forward parity goes layer by layer when both engines expose {@link Model#layerOutput} and names the first
 * layer beyond its tier, and every engine (the reference included) is also checked layer by layer against the float64
 * formulas of {@link Float64Oracle}; parameters are compared after one step and after {@value Tolerances#N_STEPS} steps; LeNet-5
 * must reach its accuracy target on digits. Models with active dropout skip the training comparison (each engine draws
 * its own masks).
 */
public abstract class EngineConformanceKit extends EngineTestBase {
    private TaskSpec iris;
    private TrainTestData data;
    private List<KitArchitecture> architectures;

    @BeforeAll
    void loadTasksAndData() {
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        data = Datasets.load(iris.dataset());
        architectures = KitArchitecture.all();
    }

    /** The architectures every engine is checked on. */
    List<KitArchitecture> architectures() {
        return architectures;
    }

    @Test
    void infoNamesVersionsThreadsAndDevices() {
        EngineInfo info = engine().info();
        assertEquals(engineId(), info.id());
        assertFalse(info.libraryVersion().isBlank(), "library version");
        assertFalse(info.nativeVersion().isBlank(), "native version");
        assertFalse(info.threads().isEmpty(), "applied thread settings must be recorded");
        assertTrue(info.devices().stream().anyMatch(d -> d.device().equals("cpu") && d.available()), "cpu device");
        for (DeviceStatus d : info.devices()) {
            assertTrue(d.available() || !d.reason().isBlank(), "device " + d.device() + " unavailable without a reason");
        }
    }

    @Test
    void supportsTheIrisTask() {
        Support s = engine().supports(iris);
        assertTrue(s.supported(), "iris-logreg should be supported: " + s.reason());
        assertEquals("", s.reason());
    }

    @Test
    void exportGivesBackExactlyWhatWasImported() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 99);
        try (Model model = engine().build(iris)) {
            model.importParameters(p);
            assertEquals(Tolerances.EXPORT_ROUND_TRIP_ABS, p.maxAbsDiff(model.exportParameters()));
        }
    }

    @Test
    void forwardPassMatchesTheReferenceOnIdenticalWeights() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        float[][] x = data.test().features();
        float[][] expected;
        try (Model ref = reference().build(iris)) {
            ref.importParameters(p);
            expected = ref.predict(x);
        }
        try (Model model = engine().build(iris)) {
            model.importParameters(p);
            float[][] actual = model.predict(x);
            assertEquals(expected.length, actual.length);
            double max = maxAbsDiff(expected, actual);
            assertTrue(max <= Tolerances.DENSE_FORWARD_ABS, "max |p - p_ref| = " + max);
            for (float[] row : actual) {
                double sum = 0;
                for (float v : row) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, "probabilities must sum to 1");
            }
        }
    }

    /**
     * The iris task's forward pass against the float64 oracle ({@link Float64Oracle}) on all its test examples: the
     * one oracle check that engines running only single-layer classifiers (Tribuo) take too.
     */
    @Test
    void irisForwardMatchesTheFloat64Oracle() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        try (Model model = engine().build(iris)) {
            model.importParameters(p);
            ParityCheck.Report report = new Float64Oracle(iris.model()).compare(model, p, data.test().features());
            System.out.println("[oracle] " + engineId() + " vs float64 oracle, iris-logreg: " + report.summary());
            assertTrue(report.passed(), engineId() + " vs float64 oracle, iris-logreg: " + report.summary());
        }
    }

    @Test
    void parametersAfterOneEpochMatchTheReference() {
        TrainingRecipe r = iris.training();
        TaskSpec oneEpoch = new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), iris.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                iris.target());
        assertTrainedParity(oneEpoch, ParameterInitializer.initialize(iris.model(), r.initializer(), r.seed()));
    }

    @Test
    void parametersAfterTheFullRecipeMatchTheReference() {
        assertTrainedParity(iris, ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed()));
    }

    private void assertTrainedParity(TaskSpec task, Parameters initial) {
        Parameters expected;
        try (Model ref = reference().build(task)) {
            ref.importParameters(initial);
            ref.train(data.train());
            expected = ref.exportParameters();
        }
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            model.train(data.train());
            double max = expected.maxAbsDiff(model.exportParameters());
            assertTrue(max <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| after training = " + max);
        }
    }

    @Test
    void trainsIrisToItsAccuracyTarget() {
        try (Model model = engine().build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                    iris.training().seed()));
            model.train(data.train());
            double accuracy = accuracy(model.predict(data.test().features()), data.test().labels());
            assertTrue(iris.target().isMetBy(accuracy), "test accuracy " + accuracy);
        }
    }

    @Test
    void rejectsInputOfTheWrongWidthWithBothSizes() {
        try (Model model = engine().build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.ZEROS, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4, 5}}));
            assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
        }
    }

    @Test
    void rejectsParametersOfTheWrongShape() {
        Parameters wrong = ParameterInitializer.initialize(
                new dev.jmlbench.core.task.ModelSpec(5, iris.model().layers()), Initializer.ZEROS, 1);
        try (Model model = engine().build(iris)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.importParameters(wrong));
            assertTrue(e.getMessage().contains("layer0.weight"), e.getMessage());
        }
    }

    /**
     * (a) A no comes with a reason and {@code build} then refuses; a yes builds a model that predicts one probability
     * row per example. Unsupported architectures end as skipped with the reason.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void architectureSupportIsHonest(KitArchitecture arch) {
        Support s = engine().supports(arch.task());
        if (!s.supported()) {
            assertFalse(s.reason().isBlank(), "a refusal must say why");
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> engine().build(arch.task()).close(), "build must refuse what supports() refuses");
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            assumeTrue(false, engineId() + " does not support " + arch + ": " + s.reason());
        }
        try (Model model = engine().build(arch.task())) {
            model.importParameters(arch.distinctParameters(3));
            float[][] p = model.predict(Arrays.copyOf(arch.test().features(), 5));
            assertEquals(5, p.length);
            for (float[] row : p) {
                assertEquals(arch.task().model().outputSize(), row.length);
                double sum = 0;
                for (float v : row) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, "probabilities must sum to 1");
            }
        }
    }

    /** (b) Identical weights, identical outputs: layer by layer when both engines expose layers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void forwardParityLayerByLayer(KitArchitecture arch) {
        assumeBothSupport(arch);
        Parameters p = arch.distinctParameters(17);
        float[][] x = Arrays.copyOf(arch.test().features(), Math.min(16, arch.test().size()));
        try (Model ref = reference().build(arch.task()); Model model = engine().build(arch.task())) {
            ref.importParameters(p);
            model.importParameters(p);
            ParityCheck.Report report = ParityCheck.compare(arch.task().model(), model, ref, x);
            StringBuilder layers = new StringBuilder();
            for (ParityCheck.LayerParity l : report.layers()) {
                layers.append(String.format(Locale.ROOT, "%n  %-22s max |d| %.3g (relative %.3g, allowed %.1e)",
                        l.label(), l.maxAbs(), l.maxRel(), l.allowance()));
            }
            System.out.println("[parity] " + engineId() + " vs reference, " + arch + ": " + report.summary() + layers);
            assertTrue(report.passed(), arch + ": " + report.summary());
        }
    }

    /**
     * (b') Identical weights, the formulas' outputs: every layer (where the engine exposes it) and the output against
     * the float64 oracle ({@link Float64Oracle}), which shares no code with any engine, so that a mistake common to
     * every engine, the reference included, shows too. Tolerance: the layer's tier sum relative to the layer's output
     * scale (see {@link Float64Oracle}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void forwardMatchesTheFloat64Oracle(KitArchitecture arch) {
        assumeSupported(engine(), arch);
        Parameters p = arch.distinctParameters(17);
        float[][] x = Arrays.copyOf(arch.test().features(), Math.min(16, arch.test().size()));
        Float64Oracle oracle = new Float64Oracle(arch.task().model());
        try (Model model = engine().build(arch.task())) {
            model.importParameters(p);
            ParityCheck.Report report = oracle.compare(model, p, x);
            StringBuilder layers = new StringBuilder();
            for (ParityCheck.LayerParity l : report.layers()) {
                layers.append(String.format(Locale.ROOT, "%n  %-22s max |d| %.3g (relative %.3g, allowed %.1e)",
                        l.label(), l.maxAbs(), l.maxRel(), l.allowance()));
            }
            System.out.println("[oracle] " + engineId() + " vs float64 oracle, " + arch + ": " + report.summary()
                    + layers);
            assertTrue(report.passed(), engineId() + " vs float64 oracle, " + arch + ": " + report.summary());
        }
    }

    /** (c) Parameters after one optimiser step from identical weights on an identical batch. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void parametersAfterOneStepMatchTheReference(KitArchitecture arch) {
        assertStepParity(arch, 1, Tolerances.ONE_STEP_PARAMS);
    }

    /** (c) Parameters after {@value Tolerances#N_STEPS} optimiser steps from identical weights and batches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void parametersAfterNStepsMatchTheReference(KitArchitecture arch) {
        assertStepParity(arch, Tolerances.N_STEPS, Tolerances.N_STEPS_PARAMS);
    }

    private void assertStepParity(KitArchitecture arch, int steps, double tier) {
        assumeBothSupport(arch);
        assumeFalse(arch.hasActiveDropout(), arch + " has active dropout: each engine draws its own masks, so"
                + " trained parameters are not comparable");
        TrainingRecipe r = arch.task().training();
        int n = Math.min(arch.train().size(), r.batchSize() * steps);
        assertEquals(r.batchSize() * steps, n, arch + " has too few training examples for " + steps + " steps");
        LabeledData batches = new LabeledData(Arrays.copyOf(arch.train().features(), n),
                Arrays.copyOf(arch.train().labels(), n), arch.train().numClasses());
        KitArchitecture oneEpoch = arch.withRecipe(new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1,
                r.initializer(), r.seed()));
        Parameters initial = arch.initialParameters();
        Parameters expected;
        try (Model ref = reference().build(oneEpoch.task())) {
            ref.importParameters(initial);
            ref.train(batches);
            expected = ref.exportParameters();
        }
        try (Model model = engine().build(oneEpoch.task())) {
            model.importParameters(initial);
            model.train(batches);
            Parameters actual = model.exportParameters();
            String worst = "";
            double worstExcess = -1;
            double maxAbs = 0;
            for (Map.Entry<String, dev.jmlbench.core.params.Tensor> e : expected.tensors().entrySet()) {
                dev.jmlbench.core.params.Tensor a = actual.get(e.getKey());
                for (int i = 0; i < a.size(); i++) {
                    double ref = e.getValue().get(i);
                    double d = Math.abs(a.get(i) - ref);
                    maxAbs = Math.max(maxAbs, d);
                    double excess = d / (tier * Math.max(1, Math.abs(ref)));
                    if (excess > worstExcess || Double.isNaN(d)) {
                        worstExcess = Double.isNaN(d) ? Double.POSITIVE_INFINITY : excess;
                        worst = e.getKey() + "[" + i + "] = " + a.get(i) + " vs reference " + ref;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "[parity] %s vs reference, %s: parameters after %d step(s) max |dw| %.3g"
                    + " (%.0f%% of the tier %.1e at %s)%n", engineId(), arch, steps, maxAbs, 100 * worstExcess, tier,
                    worst);
            assertTrue(worstExcess <= 1, arch + " after " + steps + " step(s): " + worst + " is beyond the tier "
                    + tier + " (max |dw| " + maxAbs + ")");
        }
    }

    /** (d) Export gives back the very floats imported, for every layer kind. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void exportIsLossless(KitArchitecture arch) {
        assumeSupported(engine(), arch);
        Parameters p = arch.distinctParameters(99);
        try (Model model = engine().build(arch.task())) {
            model.importParameters(p);
            Parameters back = model.exportParameters();
            assertEquals(p.tensors().keySet(), back.tensors().keySet());
            assertEquals(Tolerances.EXPORT_ROUND_TRIP_ABS, p.maxAbsDiff(back));
        }
    }

    /** (f) A row of the wrong width is refused with both sizes in the message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void rejectsRowsOfTheWrongWidth(KitArchitecture arch) {
        assumeSupported(engine(), arch);
        int width = arch.task().model().inputSize();
        try (Model model = engine().build(arch.task())) {
            model.importParameters(arch.distinctParameters(5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {new float[width + 1]}));
            assertTrue(e.getMessage().contains(String.valueOf(width + 1)) && e.getMessage().contains(String.valueOf(width)),
                    e.getMessage());
        }
    }

    /** (e) LeNet-5 trained with its full recipe on the digits data reaches its accuracy target (0.95). */
    @Test
    void trainsLenet5OnDigitsToItsAccuracyTarget() {
        KitArchitecture lenet = architectures.stream().filter(a -> a.name().equals("lenet5")).findFirst().orElseThrow();
        assumeSupported(engine(), lenet);
        try (Model model = engine().build(lenet.task())) {
            model.importParameters(lenet.initialParameters());
            long start = System.nanoTime();
            model.train(lenet.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = accuracy(model.predict(lenet.test().features()), lenet.test().labels());
            System.out.printf(Locale.ROOT, "[accuracy] %s, lenet5-digits: %.4f after %d epochs in %.1f s%n",
                    engineId(), accuracy, lenet.task().training().epochs(), seconds);
            assertTrue(lenet.task().target().isMetBy(accuracy), "test accuracy " + accuracy + " below the target "
                    + lenet.task().target().threshold());
        }
    }

    private void assumeBothSupport(KitArchitecture arch) {
        assumeSupported(engine(), arch);
        Support r = reference().supports(arch.task());
        assumeTrue(r.supported(), "the reference engine does not support " + arch + " yet: " + r.reason());
    }

    private void assumeSupported(Engine e, KitArchitecture arch) {
        Support s = e.supports(arch.task());
        assumeTrue(s.supported(), e.info().id() + " does not support " + arch + ": " + s.reason());
    }

    /** Fraction of rows whose arg-max is the label: {@link Metrics#accuracy}. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        return Metrics.accuracy(probabilities, labels);
    }

    /** Largest absolute element-wise difference of two equally shaped matrices. */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
