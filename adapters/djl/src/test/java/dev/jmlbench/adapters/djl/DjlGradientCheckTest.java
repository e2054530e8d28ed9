package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gradients training applies, against central finite differences of the loss computed from {@code predict},
 * for every parameterised layer kind (the canonical tensors, so through the import/export mappings too). The
 * gradient is read from one plain SGD step with learning rate 1 over one batch: {@code g = w_before - w_after}.
 * Independent of the reference engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlGradientCheckTest {
    private static final float EPS = 1e-2f;
    private Engine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private void check(String what, List<Integer> input, List<LayerSpec> layers, long seed) {
        check(what, input, layers, DjlTasks.randomRows(6, new ModelSpec(input, layers).inputSize(), seed), seed);
    }

    private void check(String what, List<Integer> input, List<LayerSpec> layers, float[][] x, long seed) {
        TaskSpec task = DjlTasks.task("gradient-check", TaskFamily.CNN, new ModelSpec(input, layers),
                new OptimizerSpec.Sgd(1.0), 6, 1, Initializer.ZEROS, 0.5);
        int classes = task.model().outputSize();
        int[] y = new int[x.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = r % classes;
        }
        Parameters initial = DjlTasks.distinct(task.model(), 0.4, seed + 1);
        double worst = 0;
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(new LabeledData(x, y, classes));
            Parameters after = model.exportParameters();
            SplittableRandom random = new SplittableRandom(seed + 2);
            for (Map.Entry<String, Tensor> e : initial.tensors().entrySet()) {
                float[] before = e.getValue().data();
                float[] stepped = after.get(e.getKey()).data();
                for (int probe = 0; probe < 6; probe++) {
                    int k = random.nextInt(before.length);
                    double analytic = before[k] - stepped[k];
                    double numeric = (loss(model, initial, e.getKey(), k, EPS, x, y)
                            - loss(model, initial, e.getKey(), k, -EPS, x, y)) / (2 * EPS);
                    double error = Math.abs(analytic - numeric);
                    worst = Math.max(worst, error / (1e-3 + 0.02 * Math.abs(numeric)));
                    assertTrue(error <= 1e-3 + 0.02 * Math.abs(numeric), what + " " + e.getKey() + "[" + k
                            + "]: gradient " + analytic + ", finite difference " + numeric);
                }
            }
        }
        System.out.printf("[djl gradient] %s: worst |g - fd| / (1e-3 + 0.02 |fd|) = %.3f%n", what, worst);
    }

    /** Mean cross-entropy with parameter {@code name[k]} moved by {@code delta}. */
    private static double loss(Model model, Parameters base, String name, int k, float delta, float[][] x, int[] y) {
        Map<String, Tensor> moved = new LinkedHashMap<>(base.tensors());
        float[] values = base.get(name).data();
        values[k] += delta;
        moved.put(name, new Tensor(base.get(name).shape(), values));
        model.importParameters(new Parameters(moved));
        float[][] p = model.predict(x);
        double sum = 0;
        for (int r = 0; r < x.length; r++) {
            sum -= Math.log(p[r][y[r]]);
        }
        return sum / x.length;
    }

    @Test
    void convolutionPoolingAndDense() {
        check("Conv2D+MaxPool+AvgPool+Dense", List.of(2, 8, 8), List.of(
                new LayerSpec.Conv2D(3, 3, 1, 1, Activation.TANH), new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Conv2D(4, 3, 2, 1, Activation.SIGMOID), new LayerSpec.AvgPool2D(2, 1),
                new LayerSpec.Flatten(), new LayerSpec.Dense(5, Activation.TANH),
                new LayerSpec.Dense(3, Activation.SOFTMAX)), 21);
    }

    @Test
    void recurrentLayersAndEmbedding() {
        check("SimpleRNN", List.of(5, 3), List.of(new LayerSpec.SimpleRnn(4, false),
                new LayerSpec.Dense(3, Activation.SOFTMAX)), 31);
        check("LSTM", List.of(5, 3), List.of(new LayerSpec.Lstm(4, true), new LayerSpec.Flatten(),
                new LayerSpec.Dense(3, Activation.SOFTMAX)), 32);
        check("GRU", List.of(5, 3), List.of(new LayerSpec.Gru(4, false),
                new LayerSpec.Dense(3, Activation.SOFTMAX)), 33);
        // every token of the 6 x 4 rows appears, most of them more than once
        float[][] tokens = {{0, 1, 2, 3}, {4, 5, 6, 0}, {1, 1, 2, 5}, {6, 3, 3, 0}, {2, 4, 6, 1}, {5, 0, 4, 2}};
        check("Embedding+GRU", List.of(4), List.of(new LayerSpec.Embedding(7, 3), new LayerSpec.Gru(4, false),
                new LayerSpec.Dense(3, Activation.SOFTMAX)), tokens, 34);
    }
}
