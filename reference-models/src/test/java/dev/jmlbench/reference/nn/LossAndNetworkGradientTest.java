package dev.jmlbench.reference.nn;

import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jmlbench.reference.nn.GradientCheck.H;
import static dev.jmlbench.reference.nn.GradientCheck.assertClose;
import static dev.jmlbench.reference.nn.GradientCheck.checkNetwork;
import static dev.jmlbench.reference.nn.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of the losses (with respect to their inputs) and of whole networks (every parameter,
 * through the fused softmax cross-entropy or the mean squared error); tolerance as in {@link GradientCheck}.
 */
class LossAndNetworkGradientTest {

    @Test
    void softmaxCrossEntropyGradientIsWithRespectToTheLogits() {
        int batch = 3;
        int classes = 4;
        float[] z = random(batch * classes, 21);
        int[] y = {2, 0, 3};
        Losses.Value v = Losses.softmaxCrossEntropy(softmax(z, batch), batch, y);
        for (int i = 0; i < z.length; i++) {
            float saved = z[i];
            z[i] = (float) (saved + H);
            double plus = Losses.softmaxCrossEntropy(softmax(z, batch), batch, y).loss();
            z[i] = (float) (saved - H);
            double minus = Losses.softmaxCrossEntropy(softmax(z, batch), batch, y).loss();
            z[i] = saved;
            assertClose((plus - minus) / (2 * H), v.gradient()[i], "dL/dz[" + i + "]");
        }
        double expected = 0;
        float[] p = softmax(z, batch);
        for (int i = 0; i < batch; i++) {
            expected -= Math.log(p[i * classes + y[i]]);
        }
        assertEquals(expected / batch, v.loss(), 1e-6);
    }

    @Test
    void meanSquaredErrorGradient() {
        float[] y = random(10, 22);
        float[] t = random(10, 23);
        Losses.Value v = Losses.meanSquaredError(y, t);
        double expected = 0;
        for (int i = 0; i < y.length; i++) {
            expected += Math.pow((double) y[i] - t[i], 2);
        }
        assertEquals(expected / 10, v.loss(), 1e-6);
        for (int i = 0; i < y.length; i++) {
            float saved = y[i];
            y[i] = (float) (saved + H);
            double plus = Losses.meanSquaredError(y, t).loss();
            y[i] = (float) (saved - H);
            double minus = Losses.meanSquaredError(y, t).loss();
            y[i] = saved;
            assertClose((plus - minus) / (2 * H), v.gradient()[i], "dL/dy[" + i + "]");
        }
        assertThrows(IllegalArgumentException.class, () -> Losses.meanSquaredError(y, new float[9]));
    }

    @Test
    void badLabelIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(new float[] {0.5f, 0.5f}, 1, new int[] {2}));
        assertTrue(e.getMessage().contains("label 2 of row 0 is outside [0, 2)"), e.getMessage());
    }

    @Test
    void smallCnnThroughSoftmaxCrossEntropy() {
        ModelSpec spec = new ModelSpec(List.of(2, 6, 6), List.of(
                new LayerSpec.Conv2D(3, 3, 1, 1, Activation.TANH),
                new LayerSpec.AvgPool2D(2, 2),
                new LayerSpec.Conv2D(4, 2, 1, 0, Activation.SIGMOID),
                new LayerSpec.Flatten(),
                new LayerSpec.Dropout(0.3),
                new LayerSpec.Dense(5, Activation.TANH),
                new LayerSpec.Dense(3, Activation.SOFTMAX)));
        Network net = new Network(spec, 5);
        net.importParameters(ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 6));
        float[] x = random(4 * 72, 24);
        int[] y = {0, 2, 1, 2};
        int checked = checkNetwork(net, () -> net.softmaxCrossEntropyGradients(x, 4, y, Pass.training(3)));
        assertEquals(net.exportParameters().tensors().values().stream().mapToInt(t -> t.size()).sum(), checked);
    }

    @Test
    void charModelThroughSoftmaxCrossEntropy() {
        for (LayerSpec cell : List.of(new LayerSpec.SimpleRnn(4, true), new LayerSpec.Lstm(4, true),
                new LayerSpec.Gru(4, true))) {
            LayerSpec second = cell instanceof LayerSpec.Lstm ? new LayerSpec.Gru(3, false)
                    : new LayerSpec.Lstm(3, false);
            ModelSpec spec = new ModelSpec(List.of(5), List.of(new LayerSpec.Embedding(7, 3), cell, second,
                    new LayerSpec.Dense(7, Activation.SOFTMAX)));
            Network net = new Network(spec, 5);
            net.importParameters(ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 7));
            float[] tokens = {0, 3, 6, 3, 1, 2, 2, 5, 4, 0};
            int[] y = {4, 6};
            checkNetwork(net, () -> net.softmaxCrossEntropyGradients(tokens, 2, y, Pass.training(1)));
        }
    }

    @Test
    void embeddingConv1dModelThroughSoftmaxCrossEntropy() {
        // two stacked convolutions, so the lower one's parameters see the upper one's input gradient
        ModelSpec spec = new ModelSpec(List.of(8), List.of(new LayerSpec.Embedding(7, 3),
                new LayerSpec.Conv1D(4, 3, 1, Activation.TANH), new LayerSpec.Conv1D(3, 2, 2, Activation.SIGMOID),
                new LayerSpec.Flatten(), new LayerSpec.Dense(5, Activation.SOFTMAX)));
        Network net = new Network(spec, 5);
        assertEquals(List.of(6, 4), net.layers().get(1).outputShape());
        assertEquals(List.of(3, 3), net.layers().get(3).outputShape());
        net.importParameters(ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 9));
        float[] tokens = {0, 3, 6, 3, 1, 2, 2, 5, 4, 0, 1, 6, 5, 5, 2, 3, 6, 0, 1, 4, 2, 2, 3, 0};
        int[] y = {4, 0, 2};
        int checked = checkNetwork(net, () -> net.softmaxCrossEntropyGradients(tokens, 3, y, Pass.training(1)));
        assertEquals(net.exportParameters().tensors().values().stream().mapToInt(t -> t.size()).sum(), checked);
    }

    @Test
    void regressionNetworkThroughMeanSquaredError() {
        ModelSpec spec = new ModelSpec(List.of(4, 2), List.of(new LayerSpec.Gru(3, false),
                new LayerSpec.Dense(2, Activation.IDENTITY)));
        Network net = new Network(spec, 5);
        net.importParameters(ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 8));
        float[] x = random(3 * 8, 25);
        float[] targets = random(3 * 2, 26);
        checkNetwork(net, () -> net.meanSquaredErrorGradients(x, 3, targets, Pass.training(1)));
    }

    /**
     * The regression tasks' loss through a network: {@code L = (1/B) sum_i (y_i - t_i)^2} over a mini-batch of B
     * one-output examples (mean over batch and outputs, no factor 1/2). For the linear model
     * {@code y = x w + b} of diabetes-linreg the gradient is also known in closed form,
     * {@code dL/dw = (2/B) x^T (y - t)} and {@code dL/db = (2/B) sum_i (y_i - t_i)}; both it and central finite
     * differences must match the backward pass, and a hidden tanh layer is checked by finite differences.
     */
    @Test
    void meanSquaredErrorThroughRegressionNetworks() {
        int batch = 5;
        int features = 3;
        ModelSpec linear = new ModelSpec(features, List.of(new LayerSpec.Dense(1, Activation.IDENTITY)));
        Network net = new Network(linear, 1);
        net.importParameters(ParameterInitializer.initialize(linear, Initializer.GLOROT_UNIFORM, 9));
        float[] x = random(batch * features, 27);
        float[] t = random(batch, 28);
        double loss = net.meanSquaredErrorGradients(x, batch, t, Pass.training(1));
        float[] w = net.params().get("layer0.weight").value;
        float b = net.params().get("layer0.bias").value[0];
        double expectedLoss = 0;
        double[] gw = new double[features];
        double gb = 0;
        for (int i = 0; i < batch; i++) {
            double y = b;
            for (int k = 0; k < features; k++) {
                y += (double) x[i * features + k] * w[k];
            }
            double r = y - t[i];
            expectedLoss += r * r / batch;
            for (int k = 0; k < features; k++) {
                gw[k] += 2 * x[i * features + k] * r / batch;
            }
            gb += 2 * r / batch;
        }
        assertEquals(expectedLoss, loss, 1e-6, "mean over the batch of (prediction - target)^2");
        for (int k = 0; k < features; k++) {
            assertEquals(gw[k], net.params().get("layer0.weight").grad[k], 1e-5, "dL/dw[" + k + "]");
        }
        assertEquals(gb, net.params().get("layer0.bias").grad[0], 1e-5, "dL/db");
        assertEquals(features + 1, checkNetwork(net, () -> net.meanSquaredErrorGradients(x, batch, t,
                Pass.training(1))));

        ModelSpec hidden = new ModelSpec(features, List.of(new LayerSpec.Dense(4, Activation.TANH),
                new LayerSpec.Dense(1, Activation.IDENTITY)));
        Network deep = new Network(hidden, 1);
        deep.importParameters(ParameterInitializer.initialize(hidden, Initializer.GLOROT_UNIFORM, 10));
        assertEquals(4 * features + 4 + 4 + 1, checkNetwork(deep, () -> deep.meanSquaredErrorGradients(x, batch, t,
                Pass.training(1))));
    }

    private static float[] softmax(float[] z, int batch) {
        float[] p = z.clone();
        int n = z.length / batch;
        for (int i = 0; i < batch; i++) {
            ActivationLayer.softmaxInPlace(p, i * n, n);
        }
        return p;
    }
}
