package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.MatmulKernel;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each layer translation and both custom updaters against the spec's formulas written out here in plain Java
 * (float64), on distinct, non-symmetric values, so a swapped gate block, a transposed weight or a misplaced
 * epsilon cannot pass. Independent of the reference engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jLayersTest {
    private static final double FORWARD_TOLERANCE = 1e-5;
    private Dl4jEngine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = (Dl4jEngine) new Dl4jEngineProvider().open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    static TaskSpec task(ModelSpec model, OptimizerSpec optimizer, int batchSize) {
        return new TaskSpec("layer-test", "layer test", TaskFamily.RNN, new DatasetRef("iris", 0.2, 1), model,
                new TrainingRecipe(optimizer, Loss.SOFTMAX_CROSS_ENTROPY, batchSize, 1, Initializer.ZEROS, 1),
                new QualityTarget(QualityTarget.Metric.ACCURACY, 0));
    }

    /** Parameters of {@code model} with distinct values: uniform in +-scale, biases too (the kit's uniform probe). */
    static Parameters distinct(ModelSpec model, long seed, double scale) {
        return ParityCheck.uniformParameters(model, scale, seed);
    }

    static float[][] randomRows(int rows, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][width];
        for (float[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return x;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** x[t*in + f] -> every hidden state [t*u + j] of the spec's LSTM (gates i, f, g, o), from zero state. */
    static double[] lstmSpec(float[] x, int steps, int in, int u, Tensor wih, Tensor whh, Tensor b) {
        double[] h = new double[u];
        double[] c = new double[u];
        double[] out = new double[steps * u];
        for (int t = 0; t < steps; t++) {
            double[] z = new double[4 * u];
            for (int k = 0; k < 4 * u; k++) {
                double s = b.get(k);
                for (int f = 0; f < in; f++) {
                    s += x[t * in + f] * wih.get(f * 4 * u + k);
                }
                for (int j = 0; j < u; j++) {
                    s += h[j] * whh.get(j * 4 * u + k);
                }
                z[k] = s;
            }
            for (int j = 0; j < u; j++) {
                double i = sigmoid(z[j]);
                double f = sigmoid(z[u + j]);
                double g = Math.tanh(z[2 * u + j]);
                double o = sigmoid(z[3 * u + j]);
                c[j] = f * c[j] + i * g;
                h[j] = o * Math.tanh(c[j]);
            }
            for (int j = 0; j < u; j++) {
                out[t * u + j] = h[j];
            }
        }
        return out;
    }

    @Test
    void lstmGateBlocksAreMappedToDl4jOrderExactly() {
        int steps = 4;
        int in = 2;
        int u = 3;
        ModelSpec seq = new ModelSpec(List.of(steps, in), List.of(new LayerSpec.Lstm(u, true),
                new LayerSpec.Lstm(u, false), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = distinct(seq, 11, 0.8);
        float[][] x = randomRows(5, steps * in, 3);
        try (Dl4jModel model = (Dl4jModel) engine.build(task(seq, new OptimizerSpec.Sgd(0.1), 2))) {
            model.importParameters(p);
            // raw DL4J arrays: canonical block i (0) sits in DL4J block 3, f in 1, g in 0, o in 2
            INDArray w = model.network().getParam("0_W");
            Tensor wih = p.get("layer0.weight_ih");
            for (int f = 0; f < in; f++) {
                for (int j = 0; j < u; j++) {
                    assertEquals(wih.get(f * 4 * u + j), w.getFloat(f, 3 * u + j), 0.0, "i gate");
                    assertEquals(wih.get(f * 4 * u + u + j), w.getFloat(f, u + j), 0.0, "f gate");
                    assertEquals(wih.get(f * 4 * u + 2 * u + j), w.getFloat(f, j), 0.0, "g block");
                    assertEquals(wih.get(f * 4 * u + 3 * u + j), w.getFloat(f, 2 * u + j), 0.0, "o gate");
                }
            }
            assertEquals(p, model.exportParameters(), "export must invert the gate permutation exactly");

            float[][] h1 = model.layerOutput(0, x).orElseThrow();
            float[][] h2 = model.layerOutput(1, x).orElseThrow();
            for (int r = 0; r < x.length; r++) {
                double[] expected1 = lstmSpec(x[r], steps, in, u, wih, p.get("layer0.weight_hh"), p.get("layer0.bias"));
                float[] asInput = new float[expected1.length];
                for (int k = 0; k < asInput.length; k++) {
                    asInput[k] = (float) expected1[k];
                    assertEquals(expected1[k], h1[r][k], FORWARD_TOLERANCE, "LSTM 0, row " + r + ", [t*u+j] " + k);
                }
                double[] expected2 = lstmSpec(asInput, steps, u, u, p.get("layer1.weight_ih"),
                        p.get("layer1.weight_hh"), p.get("layer1.bias"));
                for (int j = 0; j < u; j++) {
                    assertEquals(expected2[(steps - 1) * u + j], h2[r][j], FORWARD_TOLERANCE,
                            "LSTM 1 (last step), row " + r + ", unit " + j);
                }
            }
        }

        // Flatten of the LSTM's sequence: step by step ([t * u + j]), as the spec's row-major [steps, units]
        ModelSpec flat = new ModelSpec(List.of(steps, in), List.of(new LayerSpec.Lstm(u, true), new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters q = distinct(flat, 12, 0.8);
        try (Model model = engine.build(task(flat, new OptimizerSpec.Sgd(0.1), 2))) {
            model.importParameters(q);
            float[][] flattened = model.layerOutput(1, x).orElseThrow();
            float[][] probabilities = model.predict(x); // through the Flatten preprocessor into the Dense layer
            Tensor w = q.get("layer2.weight");
            Tensor b = q.get("layer2.bias");
            for (int r = 0; r < x.length; r++) {
                double[] h = lstmSpec(x[r], steps, in, u, q.get("layer0.weight_ih"), q.get("layer0.weight_hh"),
                        q.get("layer0.bias"));
                for (int k = 0; k < h.length; k++) {
                    assertEquals(h[k], flattened[r][k], FORWARD_TOLERANCE, "flattened LSTM, row " + r + ", [t*u+j] " + k);
                }
                double[] logits = new double[2];
                for (int c = 0; c < 2; c++) {
                    logits[c] = b.get(c);
                    for (int k = 0; k < h.length; k++) {
                        logits[c] += h[k] * w.get(k * 2 + c);
                    }
                }
                double p1 = 1 / (1 + Math.exp(logits[0] - logits[1]));
                assertEquals(1 - p1, probabilities[r][0], FORWARD_TOLERANCE, "p0 of row " + r);
                assertEquals(p1, probabilities[r][1], FORWARD_TOLERANCE, "p1 of row " + r);
            }
        }
    }

    @Test
    void simpleRnnIsTanhOfXWPlusHUPlusB() {
        int steps = 5;
        int in = 3;
        int u = 4;
        ModelSpec spec = new ModelSpec(List.of(steps, in), List.of(new LayerSpec.SimpleRnn(u, false),
                new LayerSpec.Dense(3, Activation.SOFTMAX)));
        Parameters p = distinct(spec, 5, 0.7);
        float[][] x = randomRows(4, steps * in, 9);
        try (Model model = engine.build(task(spec, new OptimizerSpec.Sgd(0.1), 2))) {
            model.importParameters(p);
            assertEquals(p, model.exportParameters());
            float[][] last = model.layerOutput(0, x).orElseThrow();
            Tensor wih = p.get("layer0.weight_ih");
            Tensor whh = p.get("layer0.weight_hh");
            Tensor b = p.get("layer0.bias");
            for (int r = 0; r < x.length; r++) {
                double[] h = new double[u];
                for (int t = 0; t < steps; t++) {
                    double[] next = new double[u];
                    for (int j = 0; j < u; j++) {
                        double s = b.get(j);
                        for (int f = 0; f < in; f++) {
                            s += x[r][t * in + f] * wih.get(f * u + j);
                        }
                        for (int k = 0; k < u; k++) {
                            s += h[k] * whh.get(k * u + j);
                        }
                        next[j] = Math.tanh(s);
                    }
                    h = next;
                }
                for (int j = 0; j < u; j++) {
                    assertEquals(h[j], last[r][j], FORWARD_TOLERANCE, "row " + r + " unit " + j);
                }
            }
        }
    }

    @Test
    void convolutionPoolingAndFlattenFollowTheCanonicalLayout() {
        // 2 input channels, 5x4 image (non-square), 3 filters 3x3 stride 1 pad 1, then max 2x2 and avg 2x2 pools
        ModelSpec spec = new ModelSpec(List.of(2, 5, 4), List.of(
                new LayerSpec.Conv2D(3, 3, 1, 1, Activation.TANH),
                new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        ModelSpec avg = new ModelSpec(List.of(2, 5, 4), List.of(
                new LayerSpec.Conv2D(3, 2, 2, 0, Activation.RELU),
                new LayerSpec.AvgPool2D(2, 1),
                new LayerSpec.Flatten(),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        for (ModelSpec m : List.of(spec, avg)) {
            LayerSpec.Conv2D conv = (LayerSpec.Conv2D) m.layers().get(0);
            Parameters p = distinct(m, 21, 0.5);
            float[][] x = randomRows(3, 40, 4);
            try (Model model = engine.build(task(m, new OptimizerSpec.Sgd(0.1), 2))) {
                model.importParameters(p);
                assertEquals(p, model.exportParameters());
                float[][] convOut = model.layerOutput(0, x).orElseThrow();
                float[][] pooled = model.layerOutput(1, x).orElseThrow();
                float[][] flat = model.layerOutput(2, x).orElseThrow();
                List<Integer> cs = m.shapeBefore(1);
                List<Integer> ps = m.shapeBefore(2);
                Tensor w = p.get("layer0.weight");
                Tensor b = p.get("layer0.bias");
                int k = conv.kernelSize();
                for (int r = 0; r < x.length; r++) {
                    double[] expectedConv = new double[cs.get(0) * cs.get(1) * cs.get(2)];
                    for (int o = 0; o < cs.get(0); o++) {
                        for (int y = 0; y < cs.get(1); y++) {
                            for (int z = 0; z < cs.get(2); z++) {
                                double s = b.get(o);
                                for (int c = 0; c < 2; c++) {
                                    for (int ky = 0; ky < k; ky++) {
                                        for (int kx = 0; kx < k; kx++) {
                                            int iy = y * conv.stride() - conv.padding() + ky;
                                            int ix = z * conv.stride() - conv.padding() + kx;
                                            if (iy >= 0 && iy < 5 && ix >= 0 && ix < 4) {
                                                s += x[r][(c * 5 + iy) * 4 + ix] * w.get(((o * 2 + c) * k + ky) * k + kx);
                                            }
                                        }
                                    }
                                }
                                double v = conv.activation() == Activation.TANH ? Math.tanh(s) : Math.max(0, s);
                                int idx = (o * cs.get(1) + y) * cs.get(2) + z;
                                expectedConv[idx] = v;
                                assertEquals(v, convOut[r][idx], FORWARD_TOLERANCE, "conv row " + r + " at " + idx);
                            }
                        }
                    }
                    boolean max = m.layers().get(1) instanceof LayerSpec.MaxPool2D;
                    int size = max ? 2 : ((LayerSpec.AvgPool2D) m.layers().get(1)).size();
                    int stride = max ? 2 : 1;
                    for (int o = 0; o < ps.get(0); o++) {
                        for (int y = 0; y < ps.get(1); y++) {
                            for (int z = 0; z < ps.get(2); z++) {
                                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                                for (int dy = 0; dy < size; dy++) {
                                    for (int dx = 0; dx < size; dx++) {
                                        double v = expectedConv[(o * cs.get(1) + y * stride + dy) * cs.get(2)
                                                + z * stride + dx];
                                        acc = max ? Math.max(acc, v) : acc + v / (size * size);
                                    }
                                }
                                int idx = (o * ps.get(1) + y) * ps.get(2) + z;
                                assertEquals(acc, pooled[r][idx], FORWARD_TOLERANCE, "pool row " + r + " at " + idx);
                            }
                        }
                    }
                    assertArrayEquals(pooled[r], flat[r], "Flatten is [c, h, w] row-major");
                }
            }
        }
    }

    @Test
    void embeddingLooksUpRowsAndRejectsBadTokens() {
        ModelSpec spec = new ModelSpec(List.of(3), List.of(new LayerSpec.Embedding(5, 2),
                new LayerSpec.SimpleRnn(3, false), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Parameters p = distinct(spec, 8, 1.0);
        try (Model model = engine.build(task(spec, new OptimizerSpec.Sgd(0.1), 2))) {
            model.importParameters(p);
            assertEquals(p, model.exportParameters());
            float[][] tokens = {{4, 0, 2}, {1, 1, 3}};
            float[][] e = model.layerOutput(0, tokens).orElseThrow();
            Tensor w = p.get("layer0.weight");
            for (int r = 0; r < tokens.length; r++) {
                for (int t = 0; t < 3; t++) {
                    for (int d = 0; d < 2; d++) {
                        assertEquals(w.get((int) tokens[r][t] * 2 + d), e[r][t * 2 + d], 0.0, "row " + r + " t " + t);
                    }
                }
            }
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{0, 5, 1}}));
            assertTrue(bad.getMessage().contains("token 5.0") && bad.getMessage().contains("[0, 5)"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {{0, 1.5f, 1}}));
            assertTrue(bad.getMessage().contains("token 1.5"), bad.getMessage());
        }
    }

    @Test
    void gruAndOtherUnmappableSpecsAreRefusedWithTheReason() {
        ModelSpec gru = new ModelSpec(List.of(4, 2), List.of(new LayerSpec.Gru(3, false),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        Support s = engine.supports(task(gru, new OptimizerSpec.Sgd(0.1), 2));
        assertFalse(s.supported());
        assertTrue(s.reason().contains("no GRU layer"), s.reason());
        assertThrows(UnsupportedOperationException.class, () -> engine.build(task(gru, new OptimizerSpec.Sgd(0.1), 2)));

        ModelSpec lateEmbedding = new ModelSpec(List.of(3), List.of(new LayerSpec.Dense(3, Activation.RELU),
                new LayerSpec.Embedding(4, 2), new LayerSpec.SimpleRnn(2, false),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        s = engine.supports(task(lateEmbedding, new OptimizerSpec.Sgd(0.1), 2));
        assertFalse(s.supported());
        assertTrue(s.reason().contains("not the first layer"), s.reason());
    }

    /**
     * One Dense softmax layer, 3 steps of heavy-ball momentum and of Adam on fixed batches, against the update rules
     * of the spec computed here in float64 with the exact softmax cross-entropy gradient {@code x^T (p - y) / B}.
     */
    @Test
    void momentumAndAdamFollowTheSpecFormulas() {
        ModelSpec spec = new ModelSpec(3, List.of(new LayerSpec.Dense(2, Activation.SOFTMAX)));
        float[][] x = randomRows(4, 3, 77);
        int[] y = {0, 1, 1, 0};
        LabeledData data = new LabeledData(x, y, 2);
        for (OptimizerSpec opt : List.of(new OptimizerSpec.Momentum(0.3, 0.9),
                new OptimizerSpec.Adam(0.05, 0.9, 0.999, 1e-3))) {
            Parameters p0 = distinct(spec, 3, 0.5);
            double[] w = new double[8]; // 6 weights [3, 2] then 2 biases
            for (int i = 0; i < 6; i++) {
                w[i] = p0.get("layer0.weight").get(i);
            }
            for (int j = 0; j < 2; j++) {
                w[6 + j] = p0.get("layer0.bias").get(j);
            }
            double[] m = new double[8];
            double[] v = new double[8];
            int epochs = 3;
            for (int t = 1; t <= epochs; t++) {
                double[] g = new double[8];
                for (int r = 0; r < 4; r++) {
                    double z0 = w[6];
                    double z1 = w[7];
                    for (int f = 0; f < 3; f++) {
                        z0 += x[r][f] * w[f * 2];
                        z1 += x[r][f] * w[f * 2 + 1];
                    }
                    double mx = Math.max(z0, z1);
                    double e0 = Math.exp(z0 - mx);
                    double e1 = Math.exp(z1 - mx);
                    double[] d = {e0 / (e0 + e1) - (y[r] == 0 ? 1 : 0), e1 / (e0 + e1) - (y[r] == 1 ? 1 : 0)};
                    for (int j = 0; j < 2; j++) {
                        for (int f = 0; f < 3; f++) {
                            g[f * 2 + j] += x[r][f] * d[j] / 4;
                        }
                        g[6 + j] += d[j] / 4;
                    }
                }
                for (int k = 0; k < 8; k++) {
                    if (opt instanceof OptimizerSpec.Momentum mo) {
                        m[k] = mo.momentum() * m[k] + g[k];
                        w[k] -= mo.learningRate() * m[k];
                    } else {
                        OptimizerSpec.Adam a = (OptimizerSpec.Adam) opt;
                        m[k] = a.beta1() * m[k] + (1 - a.beta1()) * g[k];
                        v[k] = a.beta2() * v[k] + (1 - a.beta2()) * g[k] * g[k];
                        double mh = m[k] / (1 - Math.pow(a.beta1(), t));
                        double vh = v[k] / (1 - Math.pow(a.beta2(), t));
                        w[k] -= a.learningRate() * mh / (Math.sqrt(vh) + a.epsilon());
                    }
                }
            }
            TaskSpec t = task(spec, opt, 4);
            t = new TaskSpec(t.id(), t.description(), t.family(), t.dataset(), t.model(),
                    new TrainingRecipe(opt, Loss.SOFTMAX_CROSS_ENTROPY, 4, epochs, Initializer.ZEROS, 1), t.target());
            try (Model model = engine.build(t)) {
                model.importParameters(p0);
                model.train(data);
                Parameters after = model.exportParameters();
                for (int i = 0; i < 6; i++) {
                    assertEquals(w[i], after.get("layer0.weight").get(i), 2e-6, opt + " weight " + i);
                }
                for (int j = 0; j < 2; j++) {
                    assertEquals(w[6 + j], after.get("layer0.bias").get(j), 2e-6, opt + " bias " + j);
                }
                // the rule is not nd4j's: with this epsilon nd4j's Adam (eps added before bias correction) would
                // differ from the spec's by more than the tolerance after the first step
                assertTrue(p0.maxAbsDiff(after) > 1e-3, opt + " moved the weights");
            }
        }
    }

    @Test
    void matmulKernelMultipliesInPlaceAndMatchesATripleLoop() {
        int n = 33;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
        float[] expected = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += (double) a[i * n + k] * b[k * n + j];
                }
                expected[i * n + j] = (float) s;
            }
        }
        try (MatmulKernel kernel = engine.matmul(n, a, b).orElseThrow()) {
            assertEquals(n, kernel.size());
            assertEquals(2.0 * n * n * n, kernel.flops());
            kernel.run();
            kernel.run();
            assertTrue(kernel.maxAbsDiff(expected) < 1e-4, "max |C - C_loop| = " + kernel.maxAbsDiff(expected));
            expected[5] += 1;
            assertTrue(kernel.maxAbsDiff(expected) > 0.9, "a wrong expectation must show");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.matmul(4, new float[16], new float[15]));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("15"), e.getMessage());
    }
}
