package dev.jmlbench.reference;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack of fully connected layers, {@code a_l = act_l(a_{l-1} W_l + b_l)}, in float32, with the forward and
 * backward passes written out. Weights are kept in the canonical layout, {@code W[in][out]} row-major.
 */
final class DenseNetwork {
    private final int[] sizes;
    private final Activation[] activations;
    private final float[][] weights;
    private final float[][] biases;

    DenseNetwork(ModelSpec spec) {
        int n = spec.layers().size();
        sizes = new int[n + 1];
        activations = new Activation[n];
        sizes[0] = spec.inputSize();
        for (int l = 0; l < n; l++) {
            LayerSpec.Dense dense = (LayerSpec.Dense) spec.layers().get(l);
            sizes[l + 1] = dense.units();
            activations[l] = dense.activation();
        }
        weights = new float[n][];
        biases = new float[n][];
        for (int l = 0; l < n; l++) {
            weights[l] = new float[sizes[l] * sizes[l + 1]];
            biases[l] = new float[sizes[l + 1]];
        }
    }

    int inputSize() {
        return sizes[0];
    }

    int layerCount() {
        return activations.length;
    }

    void importParameters(Parameters p, CanonicalLayout layout) {
        p.requireLayout(layout);
        for (int l = 0; l < layerCount(); l++) {
            weights[l] = p.get(CanonicalLayout.weightName(l)).data();
            biases[l] = p.get(CanonicalLayout.biasName(l)).data();
        }
    }

    Parameters exportParameters() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (int l = 0; l < layerCount(); l++) {
            t.put(CanonicalLayout.weightName(l), new Tensor(new int[] {sizes[l], sizes[l + 1]}, weights[l]));
            t.put(CanonicalLayout.biasName(l), new Tensor(new int[] {sizes[l + 1]}, biases[l]));
        }
        return new Parameters(t);
    }

    /**
     * Forward pass over a batch. Returns the activations of every layer: index 0 is the input, index l+1 the
     * output of layer l (after its activation); pre-activations are returned in {@code preActivations}.
     */
    float[][][] forward(float[][] x, List<float[][]> preActivations) {
        float[][][] a = new float[layerCount() + 1][][];
        a[0] = x;
        for (int l = 0; l < layerCount(); l++) {
            float[][] z = affine(a[l], weights[l], biases[l], sizes[l], sizes[l + 1]);
            if (preActivations != null) {
                float[][] copy = new float[z.length][];
                for (int i = 0; i < z.length; i++) {
                    copy[i] = z[i].clone();
                }
                preActivations.add(copy);
            }
            Activations.applyInPlace(activations[l], z);
            a[l + 1] = z;
        }
        return a;
    }

    /** {@code x W + b} for every row of {@code x}. */
    private static float[][] affine(float[][] x, float[] w, float[] b, int in, int out) {
        float[][] z = new float[x.length][out];
        for (int i = 0; i < x.length; i++) {
            float[] row = z[i];
            System.arraycopy(b, 0, row, 0, out);
            float[] xi = x[i];
            for (int k = 0; k < in; k++) {
                float xik = xi[k];
                int base = k * out;
                for (int j = 0; j < out; j++) {
                    row[j] += xik * w[base + j];
                }
            }
        }
        return z;
    }

    /**
     * One step of plain SGD on a mini-batch with the softmax cross-entropy loss (the last layer must be
     * softmax). Returns the mean loss of the batch, computed before the update.
     */
    double sgdStep(float[][] x, int[] y, float learningRate) {
        Gradients g = gradients(x, y);
        for (int l = 0; l < layerCount(); l++) {
            float[] w = weights[l];
            float[] dw = g.weights[l];
            for (int i = 0; i < w.length; i++) {
                w[i] -= learningRate * dw[i];
            }
            float[] b = biases[l];
            float[] db = g.biases[l];
            for (int i = 0; i < b.length; i++) {
                b[i] -= learningRate * db[i];
            }
        }
        return g.loss;
    }

    /** Mean loss over the batch and its gradient with respect to every parameter. */
    record Gradients(double loss, float[][] weights, float[][] biases) {
    }

    Gradients gradients(float[][] x, int[] y) {
        int batch = x.length;
        java.util.ArrayList<float[][]> pre = new java.util.ArrayList<>();
        float[][][] a = forward(x, pre);
        float[][] p = a[layerCount()];
        double loss = 0;
        // dL/dz of the softmax output layer for the mean cross-entropy: (p - onehot(y)) / batch
        float[][] delta = new float[batch][];
        for (int i = 0; i < batch; i++) {
            loss -= Math.log(Math.max(p[i][y[i]], Float.MIN_NORMAL));
            delta[i] = p[i].clone();
            delta[i][y[i]] -= 1f;
            for (int j = 0; j < delta[i].length; j++) {
                delta[i][j] /= batch;
            }
        }
        loss /= batch;
        float[][] dW = new float[layerCount()][];
        float[][] dB = new float[layerCount()][];
        for (int l = layerCount() - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] gw = new float[in * out];
            float[] gb = new float[out];
            for (int i = 0; i < batch; i++) {
                float[] ai = a[l][i];
                float[] di = delta[i];
                for (int k = 0; k < in; k++) {
                    float aik = ai[k];
                    int base = k * out;
                    for (int j = 0; j < out; j++) {
                        gw[base + j] += aik * di[j];
                    }
                }
                for (int j = 0; j < out; j++) {
                    gb[j] += di[j];
                }
            }
            dW[l] = gw;
            dB[l] = gb;
            if (l > 0) {
                float[][] next = new float[batch][in];
                float[] w = weights[l];
                for (int i = 0; i < batch; i++) {
                    for (int k = 0; k < in; k++) {
                        float s = 0;
                        int base = k * out;
                        for (int j = 0; j < out; j++) {
                            s += w[base + j] * delta[i][j];
                        }
                        next[i][k] = s * Activations.derivative(activations[l - 1], pre.get(l - 1)[i][k],
                                a[l][i][k]);
                    }
                }
                delta = next;
            }
        }
        return new Gradients(loss, dW, dB);
    }
}
