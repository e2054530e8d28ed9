package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float64 oracle on its own, layer kind by layer kind, against values worked out by hand (or, for the recurrent
 * cells, by a separate few-line Python evaluation of the spec's formulas, quoted as literals): transposed weights,
 * a wrong padding or stride, a swapped gate block or a misplaced GRU bias would each change these numbers.
 */
class Float64OracleTest {
    private static final double EXACT = 1e-12;

    private static Tensor t(int[] shape, float... v) {
        return new Tensor(shape, v);
    }

    private static double[] run(ModelSpec spec, Map<String, Tensor> params, float... x) {
        return new Float64Oracle(spec).output(new Parameters(params), x);
    }

    @Test
    void denseIsXTimesWPlusBWithWInByOut() {
        ModelSpec spec = new ModelSpec(2, List.of(new LayerSpec.Dense(3, Activation.IDENTITY)));
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("layer0.weight", t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6));
        p.put("layer0.bias", t(new int[] {3}, 0.5f, 0, -1));
        assertArrayEquals(new double[] {9.5, 12, 14}, run(spec, p, 1, 2), EXACT);
        ModelSpec relu = new ModelSpec(2, List.of(new LayerSpec.Dense(3, Activation.RELU)));
        assertArrayEquals(new double[] {0, 1, 2}, run(relu, p, 3, -1), EXACT, "[-0.5, 1, 2] before ReLU");
    }

    @Test
    void activationsAndSoftmax() {
        assertEquals(0.5, Float64Oracle.activate(Activation.SIGMOID, 0), EXACT);
        assertEquals(Math.tanh(0.3), Float64Oracle.activate(Activation.TANH, 0.3), EXACT);
        assertEquals(0, Float64Oracle.activate(Activation.RELU, -2), EXACT);
        assertEquals(-2, Float64Oracle.activate(Activation.IDENTITY, -2), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Float64Oracle.activate(Activation.SOFTMAX, 1));
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (1 + e + e * e), e / (1 + e + e * e), e * e / (1 + e + e * e)},
                Float64Oracle.softmax(new double[] {1000, 1001, 1002}), EXACT, "shifted by the max: no overflow");
    }

    @Test
    void conv2dCrossCorrelatesWithStrideAndZeroPadding() {
        // one 3x3 channel 1..9; kernel [[1, 0], [0, -1]]: y = x[r, c] - x[r + 1, c + 1] where inside the padded image
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("layer0.weight", t(new int[] {1, 1, 2, 2}, 1, 0, 0, -1));
        p.put("layer0.bias", t(new int[] {1}, 0.5f));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ModelSpec valid = new ModelSpec(List.of(1, 3, 3), List.of(new LayerSpec.Conv2D(1, 2, 1, 0, Activation.IDENTITY)));
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, run(valid, p, x), EXACT);
        // padding 1, stride 2: windows start at rows/columns -1 and 1
        ModelSpec padded = new ModelSpec(List.of(1, 3, 3), List.of(new LayerSpec.Conv2D(1, 2, 2, 1, Activation.RELU)));
        assertArrayEquals(new double[] {0, 0, 0, 0}, run(padded, p, x), EXACT, "all negative before ReLU");
        ModelSpec paddedId = new ModelSpec(List.of(1, 3, 3),
                List.of(new LayerSpec.Conv2D(1, 2, 2, 1, Activation.IDENTITY)));
        assertArrayEquals(new double[] {-0.5, -2.5, -6.5, -3.5}, run(paddedId, p, x), EXACT);
    }

    @Test
    void conv2dSumsOverInputChannelsWithWeightOutInKK() {
        // 2 input channels of 1x1, 2 filters of 1x1: W[f, ch]
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("layer0.weight", t(new int[] {2, 2, 1, 1}, 1, 10, 100, 1000));
        p.put("layer0.bias", t(new int[] {2}, 0, 0));
        ModelSpec spec = new ModelSpec(List.of(2, 1, 1), List.of(new LayerSpec.Conv2D(2, 1, 1, 0, Activation.IDENTITY)));
        assertArrayEquals(new double[] {21, 2100}, run(spec, p, 1, 2), EXACT);
    }

    @Test
    void poolingWindowsWithoutPadding() {
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i;
        }
        ModelSpec max = new ModelSpec(List.of(1, 4, 4), List.of(new LayerSpec.MaxPool2D(2, 2)));
        assertArrayEquals(new double[] {5, 7, 13, 15}, run(max, Map.of(), x), EXACT);
        ModelSpec avg = new ModelSpec(List.of(1, 4, 4), List.of(new LayerSpec.AvgPool2D(2, 2)));
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, run(avg, Map.of(), x), EXACT);
        ModelSpec overlapping = new ModelSpec(List.of(1, 4, 4), List.of(new LayerSpec.MaxPool2D(3, 1)));
        assertArrayEquals(new double[] {10, 11, 14, 15}, run(overlapping, Map.of(), x), EXACT);
    }

    @Test
    void conv1dAgreesWithTheHandComputedExampleOfTheConv1dOracle() {
        ModelSpec spec = new ModelSpec(List.of(5, 2), List.of(new LayerSpec.Conv1D(2, 3, 2, Activation.IDENTITY),
                new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = new Parameters(Map.of(
                "layer0.weight", t(new int[] {2, 2, 3}, 1, 0, -1, 0, 1, 0, 0.5f, 0.5f, 0.5f, -1, 0, 0),
                "layer0.bias", t(new int[] {2}, 0.25f, -0.5f),
                "layer2.weight", t(new int[] {4, 2}, 1, 0, 1, 2, 1, 0, 1, 0),
                "layer2.bias", t(new int[] {2}, 0, 0)));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[][] layers = new Float64Oracle(spec).layerOutputs(p, x);
        assertArrayEquals(new double[] {0.25, 2, 4.25, 4}, layers[0], EXACT, "[steps, filters]");
        assertArrayEquals(layers[0], layers[1], 0, "Flatten keeps the order");
        double p1 = 1 / (1 + Math.exp(6.5));
        assertArrayEquals(new double[] {1 - p1, p1}, layers[2], EXACT);
        assertArrayEquals(new Conv1dOracle(spec).probabilities(p, x), layers[2], EXACT);
    }

    @Test
    void embeddingLooksUpRowsAndRefusesNonIndices() {
        ModelSpec spec = new ModelSpec(List.of(2), List.of(new LayerSpec.Embedding(3, 2), new LayerSpec.Dropout(0.5)));
        Map<String, Tensor> p = Map.of("layer0.weight", t(new int[] {3, 2}, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new double[] {5, 6, 1, 2}, run(spec, p, 2, 0), EXACT, "and Dropout is the identity");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(spec, p, 1.5f, 0));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run(spec, p, 0, 3));
    }

    @Test
    void simpleRnnCarriesItsState() {
        ModelSpec spec = new ModelSpec(List.of(2, 1), List.of(new LayerSpec.SimpleRnn(1, true)));
        Map<String, Tensor> p = Map.of("layer0.weight_ih", t(new int[] {1, 1}, 0.5f),
                "layer0.weight_hh", t(new int[] {1, 1}, 2), "layer0.bias", t(new int[] {1}, 0.1f));
        assertArrayEquals(new double[] {0.5370495669980353, 0.5876698219243116}, run(spec, p, 1, -1), 1e-7);
    }

    @Test
    void lstmGateOrderIFGO() {
        ModelSpec spec = new ModelSpec(List.of(2, 1), List.of(new LayerSpec.Lstm(1, true)));
        Map<String, Tensor> p = Map.of("layer0.weight_ih", t(new int[] {1, 4}, 0.1f, 0.2f, 0.3f, 0.4f),
                "layer0.weight_hh", t(new int[] {1, 4}, 0.5f, -0.6f, 0.7f, 0.8f),
                "layer0.bias", t(new int[] {4}, 0.01f, 0.02f, -0.03f, 0.04f));
        assertArrayEquals(new double[] {0.084040359735423, -0.06074823087871115}, run(spec, p, 1, -2), 1e-7);
        ModelSpec last = new ModelSpec(List.of(2, 1), List.of(new LayerSpec.Lstm(1, false)));
        assertArrayEquals(new double[] {-0.06074823087871115}, run(last, p, 1, -2), 1e-7);
    }

    @Test
    void gruGateOrderRZNWithTheHiddenBiasInsideTheReset() {
        ModelSpec spec = new ModelSpec(List.of(2, 1), List.of(new LayerSpec.Gru(1, true)));
        Map<String, Tensor> p = Map.of("layer0.weight_ih", t(new int[] {1, 3}, 0.1f, 0.2f, 0.3f),
                "layer0.weight_hh", t(new int[] {1, 3}, 0.4f, -0.5f, 0.6f),
                "layer0.bias_ih", t(new int[] {3}, 0.01f, 0.02f, 0.03f),
                "layer0.bias_hh", t(new int[] {3}, 0.04f, 0.05f, -0.06f));
        assertArrayEquals(new double[] {0.12522100254427432, -0.2539854156486347}, run(spec, p, 1, -2), 1e-7);
    }

    @Test
    void everyKitArchitectureGivesEveryLayerItsSpecShape() {
        for (KitArchitecture arch : KitArchitecture.all()) {
            ModelSpec m = arch.task().model();
            double[][] out = new Float64Oracle(m).layerOutputs(arch.distinctParameters(1), arch.test().features()[0]);
            for (int i = 0; i < out.length; i++) {
                int size = m.shapes().get(i + 1).stream().reduce(1, (a, b) -> a * b);
                assertEquals(size, out[i].length, arch + " layer " + i);
            }
            double sum = 0;
            for (double v : out[out.length - 1]) {
                sum += v;
            }
            assertEquals(1, sum, 1e-12, arch + ": softmax output");
        }
    }

    /** The comparison passes float32 rounding of the oracle's own values and flags a difference of 1e-3. */
    @Test
    void compareAcceptsRoundingAndFlagsARealDifference() {
        KitArchitecture lstm = KitArchitecture.all().stream().filter(a -> a.name().equals("lstm")).findFirst()
                .orElseThrow();
        ModelSpec m = lstm.task().model();
        Parameters p = lstm.distinctParameters(4);
        Float64Oracle oracle = new Float64Oracle(m);
        float[][] x = java.util.Arrays.copyOf(lstm.test().features(), 4);
        ParityCheck.Report ok = oracle.compare(new OracleModel(oracle, p, 0, -1), p, x);
        assertTrue(ok.passed(), ok.summary());
        assertTrue(ok.layerByLayer());
        assertEquals(m.layers().size(), ok.layers().size());
        ParityCheck.Report off = oracle.compare(new OracleModel(oracle, p, 1e-3, 1), p, x);
        assertFalse(off.passed());
        assertEquals(1, off.firstDivergence().orElseThrow().layer(), off.summary());
        ParityCheck.Report nan = oracle.compare(new OracleModel(oracle, p, Double.NaN, 0), p, x);
        assertEquals(0, nan.firstDivergence().orElseThrow().layer(), "NaN never passes");
    }

    /** A model that answers with the oracle's values rounded to float32, {@code offset} added from layer {@code from}. */
    private record OracleModel(Float64Oracle oracle, Parameters p, double offset, int from) implements Model {
        private float[][] layer(int i, float[][] x) {
            float[][] out = new float[x.length][];
            for (int r = 0; r < x.length; r++) {
                double[] v = oracle.layerOutputs(p, x[r])[i];
                out[r] = new float[v.length];
                for (int j = 0; j < v.length; j++) {
                    out[r][j] = (float) (v[j] + (from >= 0 && i >= from ? offset : 0));
                }
            }
            return out;
        }

        @Override
        public Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
            return Optional.of(layer(layerIndex, features));
        }

        @Override
        public float[][] predict(float[][] features) {
            return layer(oracle.model().layers().size() - 1, features);
        }

        @Override
        public void importParameters(Parameters parameters) {
        }

        @Override
        public Parameters exportParameters() {
            return p;
        }

        @Override
        public TrainingLog train(LabeledData train) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
