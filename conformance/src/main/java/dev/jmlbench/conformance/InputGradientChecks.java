package dev.jmlbench.conformance;

import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optional input-gradient capability ({@link Model#inputGradient}), the same checks for every engine that offers
 * it, on a tiny recurrent regression network (SimpleRNN, LSTM or GRU of {@value #UNITS} units over {@value #STEPS}
 * steps of {@value #CHANNELS} channels, then Dense(1)) with the task's canonical initial weights:
 * <ul>
 *   <li>every entry of the gradient matches a central finite difference of the spec's loss (batch mean of squared
 *   errors) computed from {@code predict} (tier {@link Tolerances#INPUT_GRADIENT_FD_ABS} +
 *   {@link Tolerances#INPUT_GRADIENT_FD_REL} |fd|): the loss, its factor and the features' layout are the SPI's;</li>
 *   <li>it matches the reference engine's gradient on identical weights, canonical and with distinct biases
 *   ({@link Tolerances#INPUT_GRADIENT_VS_REFERENCE});</li>
 *   <li>it leaves the model as it was: the same parameters, and a training step after it gives exactly the
 *   parameters a fresh model gets (an engine that accumulated parameter gradients and left them fails here).</li>
 * </ul>
 * An engine without the capability (empty result) or without the cell is skipped with the reason, never failed.
 * Extend it in the adapter's tests and name the engine id.
 */
public abstract class InputGradientChecks extends EngineTestBase {
    static final int STEPS = 5;
    static final int CHANNELS = 2;
    static final int UNITS = 3;
    static final int BATCH = 4;
    static final long SEED = 7;

    /** The tiny regression task of {@code cell}: SGD 0.1, one epoch of one batch of {@value #BATCH}. */
    static TaskSpec task(String cell) {
        LayerSpec recurrent = switch (cell) {
            case "simple-rnn" -> new LayerSpec.SimpleRnn(UNITS, false);
            case "lstm" -> new LayerSpec.Lstm(UNITS, false);
            case "gru" -> new LayerSpec.Gru(UNITS, false);
            default -> throw new IllegalArgumentException("unknown cell " + cell);
        };
        return new TaskSpec("input-gradient-" + cell, "input-gradient check, " + cell, TaskFamily.RNN,
                new DatasetRef("synthetic", 0.5, SEED), new ModelSpec(List.of(STEPS, CHANNELS),
                List.of(recurrent, new LayerSpec.Dense(1, Activation.IDENTITY))),
                new TrainingRecipe(new OptimizerSpec.Sgd(0.1), Loss.MEAN_SQUARED_ERROR, BATCH, 1,
                        Initializer.GLOROT_UNIFORM, SEED), new QualityTarget(QualityTarget.Metric.RMSE, 1.0));
    }

    /** Seeded features in [-1, 1] and targets in [-1, 1]. */
    static RegressionData batch() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[][] x = new float[BATCH][STEPS * CHANNELS];
        float[] y = new float[BATCH];
        for (int b = 0; b < BATCH; b++) {
            for (int k = 0; k < x[b].length; k++) {
                x[b][k] = (float) r.nextDouble(-1, 1);
            }
            y[b] = (float) r.nextDouble(-1, 1);
        }
        return new RegressionData(x, y);
    }

    private static Parameters canonical(TaskSpec task) {
        return ParameterInitializer.initialize(task.model(), task.training().initializer(), task.training().seed());
    }

    /** The engine's input gradient; skips the check when the engine lacks the cell or the capability. */
    private float[][] offered(Model model, TaskSpec task, RegressionData data) {
        Optional<float[][]> g = model.inputGradient(data.features(), data.targets());
        assumeTrue(g.isPresent(), engineId() + " does not offer input gradients (Model.inputGradient is empty) for "
                + task.id());
        float[][] grad = g.get();
        assertEquals(data.size(), grad.length, "one gradient row per example");
        for (float[] row : grad) {
            assertEquals(STEPS * CHANNELS, row.length, "a gradient row has the features' width");
        }
        return grad;
    }

    private void assumeSupported(TaskSpec task) {
        Support s = engine().supports(task);
        assumeTrue(s.supported(), engineId() + " does not support " + task.id() + ": " + s.reason());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple-rnn", "lstm", "gru"})
    void inputGradientMatchesCentralFiniteDifferences(String cell) {
        TaskSpec task = task(cell);
        assumeSupported(task);
        RegressionData data = batch();
        try (Model model = engine().build(task)) {
            model.importParameters(canonical(task));
            float[][] g = offered(model, task, data);
            float h = Tolerances.INPUT_GRADIENT_FD_STEP;
            double worst = 0;
            double largest = 0;
            for (int b = 0; b < BATCH; b++) {
                for (int k = 0; k < STEPS * CHANNELS; k++) {
                    double fd = (loss(model, data, b, k, h) - loss(model, data, b, k, -h)) / (2.0 * h);
                    double error = Math.abs(g[b][k] - fd);
                    double allowed = Tolerances.INPUT_GRADIENT_FD_ABS + Tolerances.INPUT_GRADIENT_FD_REL * Math.abs(fd);
                    worst = Math.max(worst, error / allowed);
                    largest = Math.max(largest, Math.abs(fd));
                    assertTrue(error <= allowed, cell + ": dL/dx[" + b + "][step " + k / CHANNELS + ", channel "
                            + k % CHANNELS + "] = " + g[b][k] + ", central finite difference " + fd);
                }
            }
            System.out.printf(Locale.ROOT, "[input gradient] %s, %s: vs central differences, worst %.0f%% of the"
                    + " tier (largest |fd| %.3g)%n", engineId(), cell, 100 * worst, largest);
            assertTrue(largest > 10 * Tolerances.INPUT_GRADIENT_FD_ABS, "the check needs gradients well above its"
                    + " absolute tier; largest |fd| = " + largest);
        }
    }

    /** The spec's loss, {@code mean_b (prediction_b - target_b)^2}, with feature {@code [row][k]} moved by delta. */
    private static double loss(Model model, RegressionData data, int row, int k, float delta) {
        float[][] x = new float[data.size()][];
        for (int b = 0; b < x.length; b++) {
            x[b] = data.features()[b].clone();
        }
        x[row][k] += delta;
        float[][] p = model.predict(x);
        double sum = 0;
        for (int b = 0; b < x.length; b++) {
            double d = (double) p[b][0] - data.targets()[b];
            sum += d * d;
        }
        return sum / x.length;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple-rnn", "lstm", "gru"})
    void inputGradientMatchesTheReferenceOnIdenticalWeights(String cell) {
        TaskSpec task = task(cell);
        assumeSupported(task);
        Support r = reference().supports(task);
        assumeTrue(r.supported(), "the reference engine does not support " + task.id() + ": " + r.reason());
        RegressionData data = batch();
        for (Parameters p : List.of(canonical(task), ParityCheck.probeParameters(task.model(), SEED + 2))) {
            float[][] expected;
            try (Model ref = reference().build(task)) {
                ref.importParameters(p);
                expected = ref.inputGradient(data.features(), data.targets()).orElseThrow(
                        () -> new AssertionError("the reference engine must offer input gradients"));
            }
            try (Model model = engine().build(task)) {
                model.importParameters(p);
                float[][] g = offered(model, task, data);
                double maxDiff = 0;
                double scale = 0;
                for (int b = 0; b < BATCH; b++) {
                    for (int k = 0; k < g[b].length; k++) {
                        maxDiff = Math.max(maxDiff, Math.abs((double) g[b][k] - expected[b][k]));
                        scale = Math.max(scale, Math.abs(expected[b][k]));
                    }
                }
                System.out.printf(Locale.ROOT, "[input gradient] %s vs reference, %s: max |g - g_ref| %.3g (largest"
                        + " |g_ref| %.3g, allowed %.3g)%n", engineId(), cell, maxDiff, scale,
                        Tolerances.INPUT_GRADIENT_VS_REFERENCE * scale);
                assertTrue(scale > 0, "the reference gradient is all zeros");
                assertTrue(maxDiff <= Tolerances.INPUT_GRADIENT_VS_REFERENCE * scale, cell + ": max |g - g_ref| = "
                        + maxDiff + " beyond " + Tolerances.INPUT_GRADIENT_VS_REFERENCE + " x largest |g_ref| " + scale);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple-rnn", "lstm", "gru"})
    void inputGradientLeavesTheModelAsItWas(String cell) {
        TaskSpec task = task(cell);
        assumeSupported(task);
        RegressionData data = batch();
        Parameters initial = canonical(task);
        Parameters expected;
        try (Model fresh = engine().build(task)) {
            fresh.importParameters(initial);
            fresh.trainRegression(data, EpochListener.NONE);
            expected = fresh.exportParameters();
        }
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            float[][] before = model.predict(data.features());
            float[][] first = offered(model, task, data);
            assertEquals(0.0, initial.maxAbsDiff(model.exportParameters()), "inputGradient changed the parameters");
            float[][] again = model.inputGradient(data.features(), data.targets()).orElseThrow();
            assertEquals(0.0, EngineConformanceKit.maxAbsDiff(first, again), "a second call gives another gradient");
            assertEquals(0.0, EngineConformanceKit.maxAbsDiff(before, model.predict(data.features())),
                    "predictions changed after inputGradient");
            model.trainRegression(data, EpochListener.NONE);
            double d = expected.maxAbsDiff(model.exportParameters());
            assertTrue(d <= 1e-7, "a training step after inputGradient gives other parameters than on a fresh model:"
                    + " max |dw| = " + d);
            assertThrows(IllegalArgumentException.class, () -> model.inputGradient(data.features(), new float[1]),
                    "rows and targets of different counts must be refused");
        }
    }
}
