package dev.jmlbench.reference.nn;

import dev.jmlbench.core.task.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static dev.jmlbench.reference.nn.GradientCheck.checkLayer;
import static dev.jmlbench.reference.nn.GradientCheck.random;
import static dev.jmlbench.reference.nn.GradientCheck.randomParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finite-difference gradient checks of every layer and activation (see {@link GradientCheck} for the tolerance). */
class LayerGradientTest {
    private static final Pass TRAIN = Pass.training(7);

    @Test
    void dense() {
        DenseLayer layer = new DenseLayer("dense", 5, 4);
        randomParams(layer, 1, 1);
        assertEquals(5 * 3 + 5 * 4 + 4, checkLayer(layer, random(15, 2), 3, TRAIN, true));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activation(Activation activation) {
        ActivationLayer layer = new ActivationLayer("act", activation, List.of(2, 3));
        float[] x = random(4 * 6, 3);
        for (int i = 0; i < x.length; i++) {
            // keep ReLU's inputs at least 0.1 away from its kink at 0, farther than the finite-difference step
            x[i] = Math.copySign(0.1f + Math.abs(x[i]), x[i]);
        }
        checkLayer(layer, x, 4, TRAIN, true);
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 1", "3, 2, 0", "2, 2, 1", "1, 1, 0", "5, 1, 2"})
    void conv2d(int kernel, int stride, int padding) {
        Conv2DLayer layer = new Conv2DLayer("conv", List.of(2, 6, 5), 3, kernel, stride, padding);
        randomParams(layer, 0.5, 4);
        checkLayer(layer, random(2 * 60, 5), 2, TRAIN, true);
    }

    @ParameterizedTest
    @CsvSource({"3, 1", "3, 2", "2, 3", "1, 1", "7, 1", "4, 2"})
    void conv1d(int kernel, int stride) {
        Conv1DLayer layer = new Conv1DLayer("conv1d", List.of(7, 3), 4, kernel, stride);
        assertEquals(List.of((7 - kernel) / stride + 1, 4), layer.outputShape());
        randomParams(layer, 0.5, 16);
        assertEquals(2 * 21 + 4 * 3 * kernel + 4, checkLayer(layer, random(2 * 21, 17), 2, TRAIN, true));
    }

    /**
     * The layout, written out: {@code y[t, f] = b[f] + sum_c sum_j x[t*s + j, c] * W[f, c, j]} with x steps by
     * channels and W [filters, channels, k], so a transposed weight or a sequence read channels-first shows.
     */
    @Test
    void conv1dMatchesItsFormula() {
        int steps = 9;
        int channels = 3;
        int filters = 2;
        int kernel = 3;
        int stride = 2;
        Conv1DLayer layer = new Conv1DLayer("conv1d", List.of(steps, channels), filters, kernel, stride);
        randomParams(layer, 1, 18);
        float[] w = layer.params().get(0).value;
        float[] b = layer.params().get(1).value;
        int batch = 2;
        float[] x = random(batch * steps * channels, 19);
        float[] y = layer.forward(x, batch, Pass.INFERENCE);
        int outSteps = (steps - kernel) / stride + 1;
        assertEquals(batch * outSteps * filters, y.length);
        for (int e = 0; e < batch; e++) {
            for (int t = 0; t < outSteps; t++) {
                for (int f = 0; f < filters; f++) {
                    double expected = b[f];
                    for (int c = 0; c < channels; c++) {
                        for (int j = 0; j < kernel; j++) {
                            expected += (double) x[(e * steps + t * stride + j) * channels + c]
                                    * w[(f * channels + c) * kernel + j];
                        }
                    }
                    assertEquals(expected, y[(e * outSteps + t) * filters + f], 1e-5,
                            "example " + e + ", step " + t + ", filter " + f);
                }
            }
        }
    }

    @Test
    void firstLayerConv1dSkipsTheInputGradient() {
        Conv1DLayer layer = new Conv1DLayer("conv1d", List.of(6, 2), 3, 2, 1);
        randomParams(layer, 1, 20);
        layer.setInputGradientNeeded(false);
        layer.forward(random(12, 21), 1, TRAIN);
        assertNull(layer.backward(random(15, 22)));
        float[] gradWithout = layer.params().get(0).grad.clone();
        layer.setInputGradientNeeded(true);
        layer.forward(random(12, 21), 1, TRAIN);
        layer.backward(random(15, 22));
        assertArrayEquals(gradWithout, layer.params().get(0).grad, "the weight gradient does not depend on it");
    }

    @ParameterizedTest
    @CsvSource({"true, 2, 2", "true, 3, 1", "false, 2, 2", "false, 2, 1", "false, 3, 2"})
    void pooling(boolean max, int size, int stride) {
        Pool2DLayer layer = new Pool2DLayer("pool", max, List.of(2, 6, 5), size, stride);
        // distinct values 0.05 apart: a step of 1e-2 never changes which value of a window is the maximum
        int n = 2 * 2 * 30;
        int[] order = permutation(n, 6);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (order[i] - n / 2f) * 0.05f;
        }
        checkLayer(layer, x, 2, TRAIN, true);
    }

    @Test
    void maxPoolPicksTheWindowMaximum() {
        Pool2DLayer layer = new Pool2DLayer("pool", true, List.of(1, 2, 4), 2, 2);
        float[] y = layer.forward(new float[] {1, 5, -1, -2, 3, 2, -3, -4}, 1, Pass.INFERENCE);
        assertArrayEquals(new float[] {5, -1}, y);
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0, 0, 0}, layer.backward(new float[] {1, 1}));
    }

    @Test
    void twoByTwoMaxPoolGivesTiesAndNaNToTheFirstPosition() {
        // windows (row-major): [0, 0 | 0, 0] a tie of zeros; [2, 7 | 7, 1] a tie at the top; [1, NaN | 3, NaN] the
        // first NaN; [-0.0, -1 | 0, -2] zeros of both signs
        Pool2DLayer layer = new Pool2DLayer("pool", true, List.of(1, 2, 8), 2, 2);
        float nan = Float.NaN;
        float[] x = {0, 0, 2, 7, 1, nan, -0.0f, -1,
                     0, 0, 7, 1, 3, nan, 0, -2};
        float[] y = layer.forward(x, 1, Pass.INFERENCE);
        assertEquals(0f, y[0]);
        assertEquals(7f, y[1]);
        assertTrue(Float.isNaN(y[2]), "a NaN wins: " + y[2]);
        assertEquals(0f, y[3], 0f); // either zero: they compare equal
        float[] dx = layer.backward(new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 0, 0, 2, 0, 3, 4, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0}, dx);
    }

    @Test
    void flatten() {
        FlattenLayer layer = new FlattenLayer("flatten", List.of(2, 3, 2));
        assertEquals(List.of(12), layer.outputShape());
        checkLayer(layer, random(24, 7), 2, TRAIN, true);
    }

    @Test
    void dropoutInTrainingAndInference() {
        DropoutLayer layer = new DropoutLayer("dropout", List.of(10), 0.4, 42, 3);
        float[] x = random(50, 8);
        checkLayer(layer, x, 5, TRAIN, true);
        float[] y = layer.forward(x, 5, TRAIN);
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0) {
                dropped++;
            } else {
                assertEquals(x[i] / 0.6f, y[i], 1e-6, "kept values are scaled by 1 / (1 - rate)");
            }
        }
        assertTrue(dropped > 5 && dropped < 35, "about 40% dropped, got " + dropped + " of 50");
        assertArrayEquals(y, layer.forward(x, 5, TRAIN), "same seed and step, same mask");
        assertTrue(!java.util.Arrays.equals(y, layer.forward(x, 5, Pass.training(8))), "another step, another mask");
        assertArrayEquals(x, layer.forward(x, 5, Pass.INFERENCE), "identity at inference");
        checkLayer(layer, x, 5, Pass.INFERENCE, true);
    }

    @Test
    void embedding() {
        EmbeddingLayer layer = new EmbeddingLayer("embedding", 4, 6, 3);
        randomParams(layer, 1, 9);
        float[] tokens = {0, 5, 2, 5, 1, 1, 3, 0};
        checkLayer(layer, tokens, 2, TRAIN, false);
        layer.forward(tokens, 2, TRAIN);
        assertNull(layer.backward(random(24, 1)), "token indices have no gradient");
        float[] y = layer.forward(tokens, 2, TRAIN);
        for (int d = 0; d < 3; d++) {
            assertEquals(layer.params().get(0).value[5 * 3 + d], y[3 + d], "step 1 of example 0 is token 5's row");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void simpleRnn(boolean returnSequences) {
        SimpleRnnLayer layer = new SimpleRnnLayer("rnn", List.of(4, 3), 5, returnSequences);
        randomParams(layer, 0.6, 10);
        checkLayer(layer, random(2 * 12, 11), 2, TRAIN, true);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lstm(boolean returnSequences) {
        LstmLayer layer = new LstmLayer("lstm", List.of(5, 3), 4, returnSequences);
        randomParams(layer, 0.6, 12);
        checkLayer(layer, random(2 * 15, 13), 2, TRAIN, true);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gru(boolean returnSequences) {
        GruLayer layer = new GruLayer("gru", List.of(5, 3), 4, returnSequences);
        randomParams(layer, 0.6, 14);
        checkLayer(layer, random(2 * 15, 15), 2, TRAIN, true);
    }

    @Test
    void lstmMatchesItsFormulaStepByStep() {
        // one unit, one feature: the cell written out by hand in double
        LstmLayer layer = new LstmLayer("lstm", List.of(3, 1), 1, true);
        float[] w = {0.5f, -0.3f, 0.8f, 0.2f};
        float[] u = {0.1f, 0.4f, -0.6f, 0.3f};
        float[] b = {0.05f, 0.1f, -0.05f, 0.2f};
        System.arraycopy(w, 0, layer.params().get(0).value, 0, 4);
        System.arraycopy(u, 0, layer.params().get(1).value, 0, 4);
        System.arraycopy(b, 0, layer.params().get(2).value, 0, 4);
        float[] x = {1f, -0.5f, 2f};
        float[] y = layer.forward(x, 1, Pass.INFERENCE);
        double h = 0;
        double c = 0;
        for (int t = 0; t < 3; t++) {
            double i = sig(x[t] * w[0] + h * u[0] + b[0]);
            double f = sig(x[t] * w[1] + h * u[1] + b[1]);
            double g = Math.tanh(x[t] * w[2] + h * u[2] + b[2]);
            double o = sig(x[t] * w[3] + h * u[3] + b[3]);
            c = f * c + i * g;
            h = o * Math.tanh(c);
            assertEquals(h, y[t], 1e-6, "h_" + t);
        }
    }

    @Test
    void gruMatchesItsFormulaStepByStep() {
        GruLayer layer = new GruLayer("gru", List.of(3, 1), 1, false);
        float[] w = {0.5f, -0.3f, 0.8f};
        float[] u = {0.1f, 0.4f, -0.6f};
        float[] bi = {0.05f, 0.1f, -0.05f};
        float[] bh = {-0.1f, 0.2f, 0.3f};
        System.arraycopy(w, 0, layer.params().get(0).value, 0, 3);
        System.arraycopy(u, 0, layer.params().get(1).value, 0, 3);
        System.arraycopy(bi, 0, layer.params().get(2).value, 0, 3);
        System.arraycopy(bh, 0, layer.params().get(3).value, 0, 3);
        float[] x = {1f, -0.5f, 2f};
        double h = 0;
        for (int t = 0; t < 3; t++) {
            double r = sig(x[t] * w[0] + bi[0] + h * u[0] + bh[0]);
            double z = sig(x[t] * w[1] + bi[1] + h * u[1] + bh[1]);
            double n = Math.tanh(x[t] * w[2] + bi[2] + r * (h * u[2] + bh[2]));
            h = (1 - z) * n + z * h;
        }
        assertEquals(h, layer.forward(x, 1, Pass.INFERENCE)[0], 1e-6);
    }

    @Test
    void wrongInputSizeNamesTheLayerAndBothShapes() {
        Conv2DLayer layer = new Conv2DLayer("layer 0 (Conv2D 6 filters 5x5)", List.of(1, 8, 8), 6, 5, 1, 2);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> layer.forward(new float[100], 2, Pass.INFERENCE));
        assertEquals("layer 0 (Conv2D 6 filters 5x5) expects a batch of 2 examples of shape [1, 8, 8] (128 values),"
                + " got 100 values", e.getMessage());
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
