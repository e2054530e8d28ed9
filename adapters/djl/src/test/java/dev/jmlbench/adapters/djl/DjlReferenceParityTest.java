package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.StepParity;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DJL against the reference engine (the oracle) on the MLP, LeNet-5, SimpleRNN, LSTM, GRU and an
 * Embedding + GRU model: the output of every layer on identical weights, the parameters after one step and after
 * {@value #N_STEPS} steps from the task's initial parameters on identical batches, and the lossless export.
 *
 * <p>Tolerances are relative to the size of the value, {@code |x - x_ref| <= tier * max(1, |x_ref|)}, per layer
 * type; differences of earlier layers travel through later ones, so the allowance at layer {@code i} is the sum of
 * the tiers of layers {@code 0..i}. The tiers (float32, unit roundoff 6e-8): Dense 1e-5, Conv2D 2e-5 (longer
 * sums, im2col order), average pooling 1e-6, max pooling, Flatten, Dropout and Embedding 0 (no arithmetic),
 * recurrent cells 5e-5 (differences carried from step to step); parameters after one step 2e-5, after
 * {@value #N_STEPS} steps 2e-4. They are the conformance kit's tiers.
 *
 * <p>Skipped, with the reference's reason, for an architecture the reference engine does not support yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlReferenceParityTest {
    static final int N_STEPS = 10;
    static final double ONE_STEP = 2e-5;
    static final double N_STEP = 2e-4;

    private Engine engine;
    private Engine reference;
    private TrainTestData digits;
    /** Largest forward difference seen per layer type, for the summary. */
    private final Map<String, Double> maxPerLayerType = new TreeMap<>();

    @BeforeAll
    void open() throws EngineUnavailableException {
        EngineConfig config = new EngineConfig(1, Path.of("target", "native-cache"));
        engine = Engines.find("djl").open(config);
        reference = Engines.find("reference").open(config);
        digits = Datasets.load(DjlTasks.DIGITS);
    }

    @AfterAll
    void close() {
        System.out.println("[djl parity summary] max |djl - reference| of layer outputs per layer type: "
                + maxPerLayerType);
        engine.close();
        reference.close();
    }

    static List<String> architectures() {
        return List.of("mlp", "lenet5", "simple-rnn", "lstm", "gru", "embedding-gru");
    }

    private TaskSpec task(String name) {
        return switch (name) {
            case "mlp" -> DjlTasks.mlpDigits();
            case "lenet5" -> DjlTasks.lenet5Digits();
            case "simple-rnn" -> DjlTasks.simpleRnnDigits();
            case "lstm" -> DjlTasks.lstmDigits();
            case "gru" -> DjlTasks.gruDigits();
            case "embedding-gru" -> DjlTasks.task("embedding-gru", TaskFamily.RNN, new ModelSpec(List.of(12),
                    List.of(new LayerSpec.Embedding(17, 6), new LayerSpec.Gru(8, true), new LayerSpec.Flatten(),
                            new LayerSpec.Dense(10, Activation.SOFTMAX))), new OptimizerSpec.Adam(0.01, 0.9, 0.999,
                    1e-8), 16, 1, Initializer.GLOROT_UNIFORM, 0.5);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Training examples of the architecture: the digits, or seeded token rows for the embedding model. */
    private LabeledData data(String name, TaskSpec task) {
        if (!name.equals("embedding-gru")) {
            return digits.train();
        }
        SplittableRandom random = new SplittableRandom(5);
        float[][] x = new float[400][12];
        int[] y = new int[400];
        for (int r = 0; r < x.length; r++) {
            for (int t = 0; t < 12; t++) {
                x[r][t] = random.nextInt(17);
            }
            y[r] = (int) x[r][3] % 10;
        }
        return new LabeledData(x, y, 10);
    }

    private void assumeReferenceSupports(TaskSpec task) {
        Support s = reference.supports(task);
        assumeTrue(s.supported(), "the reference engine does not support " + task.id() + " yet: " + s.reason());
        assertTrue(engine.supports(task).supported(), engine.supports(task).reason());
    }

    private static double tier(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense) {
            return 1e-5;
        } else if (layer instanceof LayerSpec.Conv2D) {
            return 2e-5;
        } else if (layer instanceof LayerSpec.AvgPool2D) {
            return 1e-6;
        } else if (layer instanceof LayerSpec.SimpleRnn || layer instanceof LayerSpec.Lstm
                || layer instanceof LayerSpec.Gru) {
            return 5e-5;
        }
        return 0; // max pooling, Flatten, Dropout, Embedding
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void everyLayerMatchesTheReferenceOnIdenticalWeights(String name) {
        TaskSpec task = task(name);
        assumeReferenceSupports(task);
        Parameters p = DjlTasks.distinct(task.model(), 0.3, 17);
        float[][] x = Arrays.copyOf(data(name, task).features(), 64);
        List<LayerSpec> layers = task.model().layers();
        try (Model ref = reference.build(task); Model djl = engine.build(task)) {
            ref.importParameters(p);
            djl.importParameters(p);
            assertEquals(p, djl.exportParameters(), "lossless export");
            double allowance = 0;
            StringBuilder trace = new StringBuilder();
            for (int i = 0; i < layers.size(); i++) {
                allowance += tier(layers.get(i));
                float[][] expected = ref.layerOutput(i, x).orElse(null);
                assumeTrue(expected != null, "the reference engine gives no layer outputs");
                float[][] actual = djl.layerOutput(i, x).orElseThrow();
                double[] diff = diff(expected, actual);
                String type = layers.get(i).getClass().getSimpleName();
                maxPerLayerType.merge(type, diff[0], Math::max);
                trace.append(String.format(" %d %s %.2e;", i, type, diff[0]));
                assertTrue(diff[1] <= allowance, name + " layer " + i + " (" + layers.get(i) + "): max |x - x_ref| / "
                        + "max(1, |x_ref|) = " + diff[1] + " > allowance " + allowance);
            }
            double probabilities = diff(ref.predict(x), djl.predict(x))[0];
            System.out.printf("[djl parity] %s forward per layer:%s probabilities %.2e%n", name, trace, probabilities);
            assertTrue(probabilities <= 1e-5 + allowance, name + " probabilities differ by " + probabilities);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void parametersAfterOneAndNStepsMatchTheReference(String name) {
        TaskSpec task = DjlTasks.withEpochs(task(name), 1);
        assumeReferenceSupports(task);
        LabeledData all = data(name, task);
        Parameters initial = ParameterInitializer.initialize(task.model(), task.training().initializer(),
                task.training().seed());
        int batch = task.training().batchSize();
        StepParity.Worst one = StepParity.trainedDifference(engine, reference, task, initial,
                StepParity.first(all, batch));
        StepParity.Worst many = StepParity.trainedDifference(engine, reference, task, initial,
                StepParity.first(all, N_STEPS * batch));
        System.out.printf("[djl parity] %s parameters (relative): after 1 step %s, after %d steps %s%n", name, one,
                N_STEPS, many);
        assertTrue(one.relative() <= ONE_STEP, name + ": after one step " + one);
        assertTrue(many.relative() <= N_STEP, name + ": after " + N_STEPS + " steps " + many);
    }

    /** {max |a - b|, max |a - b| / max(1, |a|)} over equally shaped rows. */
    private static double[] diff(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, "rows");
        double abs = 0;
        double rel = 0;
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, "width of row " + r);
            for (int i = 0; i < expected[r].length; i++) {
                double d = Math.abs((double) expected[r][i] - actual[r][i]);
                abs = Math.max(abs, d);
                rel = Math.max(rel, d / Math.max(1, Math.abs(expected[r][i])));
            }
        }
        return new double[] {abs, rel};
    }
}
