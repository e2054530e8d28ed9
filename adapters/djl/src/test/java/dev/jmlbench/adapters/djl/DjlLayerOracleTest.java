package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.params.Parameters;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer kind against a plain double-precision computation written straight from the formulas of
 * {@link LayerSpec} and the layouts of {@link dev.jmlbench.core.params.CanonicalLayout}, on parameters whose
 * every value (biases included) is distinct: a transposed weight, a swapped gate block, a dropped or misplaced
 * bias, a wrong layout (NTC vs TNC, NCHW) or a wrong window cannot pass. Independent of the reference engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlLayerOracleTest {
    /** float32 against double on small layers. */
    static final double TOLERANCE = 1e-5;

    private Engine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private static TaskSpec task(List<Integer> input, List<LayerSpec> layers) {
        return DjlTasks.task("oracle", TaskFamily.CNN, new ModelSpec(input, layers), new OptimizerSpec.Sgd(0.1), 4,
                1, Initializer.ZEROS, 0.5);
    }

    /** Imports distinct parameters, checks the lossless export, and returns layer 0's output for {@code x}. */
    private float[][] layer0(TaskSpec task, Parameters p, float[][] x) {
        try (DjlModel model = (DjlModel) engine.build(task)) {
            model.importParameters(p);
            assertEquals(p, model.exportParameters(), "export must give back exactly what was imported");
            return model.layerOutput(0, x).orElseThrow();
        }
    }

    private static void assertClose(double[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        double max = 0;
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": width of row " + r);
            for (int i = 0; i < expected[r].length; i++) {
                max = Math.max(max, Math.abs(expected[r][i] - actual[r][i]));
            }
        }
        System.out.printf("[djl oracle] %s: max |djl - formula| = %.3e%n", what, max);
        assertTrue(max <= TOLERANCE, what + ": max |djl - formula| = " + max);
    }

    @Test
    void conv2dWithStridePaddingAndSeveralChannels() {
        // 2 channels of 7x6 -> 3 filters 3x3, stride 2, padding 1, tanh -> [3, 4, 3]
        LayerSpec.Conv2D conv = new LayerSpec.Conv2D(3, 3, 2, 1, Activation.TANH);
        TaskSpec task = task(List.of(2, 7, 6), List.of(conv, new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = DjlTasks.distinct(task.model(), 0.5, 1);
        float[][] x = DjlTasks.randomRows(3, 2 * 7 * 6, 2);
        float[] w = p.get("layer0.weight").data();
        float[] b = p.get("layer0.bias").data();
        double[][] expected = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            expected[r] = conv2d(x[r], 2, 7, 6, w, b, 3, 3, 2, 1, true);
        }
        assertClose(expected, layer0(task, p, x), "Conv2D 2->3 k3 s2 p1 tanh");
    }

    @Test
    void maxAndAveragePoolingWithOverlappingWindows() {
        // size 3, stride 2 over 2 x 7 x 5: windows overlap and the last column is left out
        for (boolean max : new boolean[] {true, false}) {
            LayerSpec pool = max ? new LayerSpec.MaxPool2D(3, 2) : new LayerSpec.AvgPool2D(3, 2);
            TaskSpec task = task(List.of(2, 7, 5), List.of(pool, new LayerSpec.Flatten(),
                    new LayerSpec.Dense(2, Activation.SOFTMAX)));
            Parameters p = DjlTasks.distinct(task.model(), 0.5, 3);
            float[][] x = DjlTasks.randomRows(3, 2 * 7 * 5, 4);
            double[][] expected = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                expected[r] = pool(x[r], 2, 7, 5, 3, 2, max);
            }
            assertClose(expected, layer0(task, p, x), (max ? "MaxPool2D" : "AvgPool2D") + " 3 stride 2");
        }
    }

    @Test
    void flattenIsRowMajorChannelsFirst() {
        TaskSpec task = task(List.of(2, 3, 4), List.of(new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        float[][] x = DjlTasks.randomRows(2, 24, 5);
        double[][] expected = new double[2][24];
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 24; i++) {
                expected[r][i] = x[r][i];
            }
        }
        assertClose(expected, layer0(task, DjlTasks.distinct(task.model(), 0.5, 6), x), "Flatten");
    }

    @Test
    void embeddingLooksUpTheCanonicalRows() {
        TaskSpec task = task(List.of(5), List.of(new LayerSpec.Embedding(7, 3), new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = DjlTasks.distinct(task.model(), 1, 7);
        float[][] tokens = {{0, 6, 3, 3, 1}, {5, 4, 2, 0, 6}};
        float[] table = p.get("layer0.weight").data();
        double[][] expected = new double[2][15];
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 5; t++) {
                for (int d = 0; d < 3; d++) {
                    expected[r][t * 3 + d] = table[(int) tokens[r][t] * 3 + d];
                }
            }
        }
        assertClose(expected, layer0(task, p, tokens), "Embedding 7x3");
    }

    @Test
    void embeddingRejectsTokensOutsideTheVocabularyNamingRowPositionAndRange() {
        TaskSpec task = task(List.of(3), List.of(new LayerSpec.Embedding(4, 2), new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        try (var model = engine.build(task)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{0, 1, 2}, {3, 4, 0}}));
            assertEquals("djl model of task oracle: input row 1, position 1: token 4.0 is not an integer index in"
                    + " [0, 4) (layer 0 is an Embedding of 4 tokens)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {{0, 1.5f, 2}}));
            assertTrue(e.getMessage().contains("token 1.5 is not an integer index"), e.getMessage());
        }
    }

    @Test
    void badLayerIndexAndBadInputAreRefusedWithTheirSizes() {
        TaskSpec task = task(List.of(1, 4, 4), List.of(new LayerSpec.Conv2D(2, 3, 1, 0, Activation.RELU),
                new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        try (var model = engine.build(task)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.layerOutput(3, new float[][] {new float[16]}));
            assertEquals("djl model of task oracle: layer index 3 is out of range; the model has layers 0 to 2",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.layerOutput(0, new float[][] {new float[15]}));
            assertEquals("djl model of task oracle: input row 0 has 15 features, the model expects 16", e.getMessage());
            Parameters wrong = DjlTasks.distinct(new ModelSpec(List.of(2, 4, 4), task.model().layers()), 0.1, 1);
            e = assertThrows(IllegalArgumentException.class, () -> model.importParameters(wrong));
            assertEquals("parameter 'layer0.weight' has shape [2, 2, 3, 3], expected [2, 1, 3, 3]", e.getMessage());
        }
    }

    @Test
    void simpleRnnLstmAndGruFollowTheSpecFormulasOverEveryStep() {
        int steps = 4;
        int features = 3;
        int units = 5;
        float[][] x = DjlTasks.randomRows(3, steps * features, 8);
        for (String kind : List.of("SimpleRNN", "LSTM", "GRU")) {
            for (boolean sequences : new boolean[] {true, false}) {
                LayerSpec layer = switch (kind) {
                    case "SimpleRNN" -> new LayerSpec.SimpleRnn(units, sequences);
                    case "LSTM" -> new LayerSpec.Lstm(units, sequences);
                    default -> new LayerSpec.Gru(units, sequences);
                };
                List<LayerSpec> layers = sequences
                        ? List.of(layer, new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX))
                        : List.of(layer, new LayerSpec.Dense(2, Activation.SOFTMAX));
                TaskSpec task = task(List.of(steps, features), layers);
                Parameters p = DjlTasks.distinct(task.model(), 0.6, 9);
                double[][] expected = new double[x.length][];
                for (int r = 0; r < x.length; r++) {
                    double[][] h = recurrent(kind, x[r], steps, features, units, p);
                    expected[r] = sequences ? flatten(h) : h[steps - 1];
                }
                assertClose(expected, layer0(task, p, x), kind + (sequences ? " all steps" : " last step"));
            }
        }
    }

    /** PyTorch's two biases: the canonical one is held as (bias, 0) after import and exported as their sum. */
    @Test
    void singleCanonicalBiasIsHeldAsBiasAndZero() {
        TaskSpec task = task(List.of(4, 3), List.of(new LayerSpec.Lstm(2, false),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = DjlTasks.distinct(task.model(), 0.5, 10);
        try (DjlModel model = (DjlModel) engine.build(task)) {
            model.importParameters(p);
            assertArrayEquals(new long[] {8, 3}, model.djlShape("layer0.weight_ih"), "PyTorch weight_ih_l0 [4u, in]");
            assertArrayEquals(new long[] {8, 2}, model.djlShape("layer0.weight_hh"), "PyTorch weight_hh_l0 [4u, u]");
            assertArrayEquals(p.get("layer0.bias").data(), model.djlValues("layer0.bias"), "b_ih = bias");
            assertArrayEquals(new float[8], model.djlSecondValues("layer0.bias"), "b_hh = 0");
            float[] canonical = p.get("layer0.weight_ih").data();
            float[] djl = model.djlValues("layer0.weight_ih");
            for (int i = 0; i < 3; i++) {
                for (int g = 0; g < 8; g++) {
                    assertEquals(canonical[i * 8 + g], djl[g * 3 + i], "weight_ih[" + i + "][" + g + "]");
                }
            }
        }
    }

    // ---- the formulas, in double ----

    static double[] conv2d(float[] x, int channels, int height, int width, float[] w, float[] b, int filters, int k,
                           int stride, int pad, boolean tanh) {
        int oh = (height + 2 * pad - k) / stride + 1;
        int ow = (width + 2 * pad - k) / stride + 1;
        double[] out = new double[filters * oh * ow];
        for (int f = 0; f < filters; f++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = b[f];
                    for (int c = 0; c < channels; c++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int y = i * stride - pad + u;
                                int z = j * stride - pad + v;
                                if (y >= 0 && y < height && z >= 0 && z < width) {
                                    s += x[(c * height + y) * width + z] * w[((f * channels + c) * k + u) * k + v];
                                }
                            }
                        }
                    }
                    out[(f * oh + i) * ow + j] = tanh ? Math.tanh(s) : s;
                }
            }
        }
        return out;
    }

    static double[] pool(float[] x, int channels, int height, int width, int size, int stride, boolean max) {
        int oh = (height - size) / stride + 1;
        int ow = (width - size) / stride + 1;
        double[] out = new double[channels * oh * ow];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int u = 0; u < size; u++) {
                        for (int v = 0; v < size; v++) {
                            double value = x[(c * height + i * stride + u) * width + j * stride + v];
                            acc = max ? Math.max(acc, value) : acc + value;
                        }
                    }
                    out[(c * oh + i) * ow + j] = max ? acc : acc / (size * size);
                }
            }
        }
        return out;
    }

    /** Hidden states of every step, from zero state, in the canonical layout of layer 0. */
    static double[][] recurrent(String kind, float[] x, int steps, int features, int units, Parameters p) {
        int gates = switch (kind) {
            case "SimpleRNN" -> 1;
            case "LSTM" -> 4;
            default -> 3;
        };
        int cols = gates * units;
        float[] wih = p.get("layer0.weight_ih").data();
        float[] whh = p.get("layer0.weight_hh").data();
        float[] bih = kind.equals("GRU") ? p.get("layer0.bias_ih").data() : p.get("layer0.bias").data();
        float[] bhh = kind.equals("GRU") ? p.get("layer0.bias_hh").data() : new float[cols];
        double[] h = new double[units];
        double[] c = new double[units];
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            double[] a = new double[cols];
            double[] r = new double[cols];
            for (int j = 0; j < cols; j++) {
                a[j] = bih[j];
                for (int i = 0; i < features; i++) {
                    a[j] += x[t * features + i] * wih[i * cols + j];
                }
                r[j] = bhh[j];
                for (int i = 0; i < units; i++) {
                    r[j] += h[i] * whh[i * cols + j];
                }
            }
            double[] next = new double[units];
            for (int u = 0; u < units; u++) {
                switch (kind) {
                    case "SimpleRNN" -> next[u] = Math.tanh(a[u] + r[u]);
                    case "LSTM" -> {
                        double in = sigmoid(a[u] + r[u]);
                        double forget = sigmoid(a[units + u] + r[units + u]);
                        double g = Math.tanh(a[2 * units + u] + r[2 * units + u]);
                        double o = sigmoid(a[3 * units + u] + r[3 * units + u]);
                        c[u] = forget * c[u] + in * g;
                        next[u] = o * Math.tanh(c[u]);
                    }
                    default -> {
                        double reset = sigmoid(a[u] + r[u]);
                        double z = sigmoid(a[units + u] + r[units + u]);
                        double n = Math.tanh(a[2 * units + u] + reset * r[2 * units + u]);
                        next[u] = (1 - z) * n + z * h[u];
                    }
                }
            }
            h = next;
            out[t] = next.clone();
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double[] flatten(double[][] rows) {
        int width = rows[0].length;
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }
}
