package dev.jmlbench.conformance;

import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle that every engine's Conv1D is held to, checked on its own: the hand-computed example of
 * {@link Conv1dChecks}, and its gradient against central differences of its own loss.
 */
class Conv1dOracleTest {
    @Test
    void handComputedTwoChannelExample() {
        ModelSpec spec = new ModelSpec(List.of(5, 2), List.of(new LayerSpec.Conv1D(2, 3, 2, Activation.IDENTITY),
                new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Parameters p = new Parameters(Map.of(
                "layer0.weight", new Tensor(new int[] {2, 2, 3}, new float[] {1, 0, -1, 0, 1, 0, 0.5f, 0.5f, 0.5f, -1, 0, 0}),
                "layer0.bias", new Tensor(new int[] {2}, new float[] {0.25f, -0.5f}),
                "layer2.weight", new Tensor(new int[] {4, 2}, new float[] {1, 0, 1, 2, 1, 0, 1, 0}),
                "layer2.bias", new Tensor(new int[] {2}, new float[] {0, 0})));
        Conv1dOracle oracle = new Conv1dOracle(spec);
        assertEquals(0, oracle.convLayer());
        assertArrayEquals(new double[] {0.25, 2, 4.25, 4}, oracle.convOut(p, x), 1e-12, "step by step");
        double p1 = 1 / (1 + Math.exp(6.5));
        assertArrayEquals(new double[] {1 - p1, p1}, oracle.probabilities(p, x), 1e-12);
    }

    /** With and without an Embedding, smooth activations (no ReLU kink between the two probes), stride 2. */
    @Test
    void gradientMatchesCentralDifferencesOfTheLoss() {
        ModelSpec embedded = new ModelSpec(List.of(7), List.of(new LayerSpec.Embedding(5, 3),
                new LayerSpec.Conv1D(4, 3, 2, Activation.TANH), new LayerSpec.Flatten(),
                new LayerSpec.Dense(3, Activation.SOFTMAX)));
        float[][] tokens = {{0, 4, 2, 2, 1, 3, 0}, {3, 3, 1, 0, 4, 2, 1}, {2, 0, 4, 1, 1, 3, 4}};
        assertGradientMatches(embedded, tokens, new int[] {2, 0, 1});
        ModelSpec plain = new ModelSpec(List.of(6, 2), List.of(new LayerSpec.Conv1D(3, 2, 2, Activation.SIGMOID),
                new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        float[][] rows = {{0.5f, -1, 0.25f, 2, -0.75f, 1, 0, 0.5f, 1.5f, -0.25f, -1, 0.75f},
                {-0.5f, 0.25f, 1, -1.5f, 0.75f, 0, 0.25f, -0.5f, 1, 1, -0.25f, 0.5f}};
        assertGradientMatches(plain, rows, new int[] {1, 0});
    }

    @Test
    void refusesModelsItDoesNotCompute() {
        ModelSpec twoDense = new ModelSpec(List.of(6, 2), List.of(new LayerSpec.Conv1D(3, 2, 2, Activation.TANH),
                new LayerSpec.Flatten(), new LayerSpec.Dense(4, Activation.RELU),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv1dOracle(twoDense));
        assertTrue(e.getMessage().contains("Conv1D -> Flatten -> Dense softmax"), e.getMessage());
    }

    private static void assertGradientMatches(ModelSpec spec, float[][] rows, int[] labels) {
        Conv1dOracle oracle = new Conv1dOracle(spec);
        Parameters p = ParityCheck.uniformParameters(spec, 0.8, 5);
        Map<String, double[]> g = oracle.gradient(p, rows, labels);
        assertEquals(p.tensors().keySet(), g.keySet());
        double h = 1e-3;
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                float w = e.getValue().get(i);
                float up = (float) (w + h);
                float down = (float) (w - h);
                double numeric = (loss(oracle, with(p, e.getKey(), i, up), rows, labels)
                        - loss(oracle, with(p, e.getKey(), i, down), rows, labels)) / ((double) up - down);
                assertEquals(numeric, g.get(e.getKey())[i], 1e-5 + 1e-4 * Math.abs(numeric),
                        spec.layers() + ": d loss / d " + e.getKey() + "[" + i + "]");
            }
        }
    }

    /** Batch mean of {@code -ln p(label)}. */
    private static double loss(Conv1dOracle oracle, Parameters p, float[][] rows, int[] labels) {
        double sum = 0;
        for (int r = 0; r < rows.length; r++) {
            sum -= Math.log(oracle.probabilities(p, rows[r])[labels[r]]);
        }
        return sum / rows.length;
    }

    private static Parameters with(Parameters p, String name, int index, float value) {
        Map<String, Tensor> t = new LinkedHashMap<>(p.tensors());
        float[] v = p.get(name).data().clone();
        v[index] = value;
        t.put(name, new Tensor(p.get(name).shape(), v));
        return new Parameters(t);
    }
}
