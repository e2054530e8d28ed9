package dev.jmlbench.reference.nn;

import dev.jmlbench.core.task.Activation;

import java.util.List;

/**
 * An activation applied element-wise, or row-wise for softmax, to any shape:
 * <ul>
 *   <li>ReLU {@code a = max(0, z)}, derivative 1 where {@code z > 0}, else 0;</li>
 *   <li>tanh {@code a = tanh(z)}, derivative {@code 1 - a^2};</li>
 *   <li>sigmoid {@code a = 1 / (1 + exp(-z))}, derivative {@code a (1 - a)};</li>
 *   <li>softmax over each example {@code a_j = exp(z_j - max z) / sum_k exp(z_k - max z)}, backward
 *       {@code dz_j = a_j (da_j - sum_k da_k a_k)};</li>
 *   <li>identity.</li>
 * </ul>
 * Values are computed in double and rounded to float once, except the derivatives, which are float32 products.
 */
public final class ActivationLayer extends Layer {
    private final Activation activation;
    private float[] z;
    private float[] a;

    /**
     * @param name       the layer's name in errors
     * @param activation the activation
     * @param shape      shape of one example (unchanged by the activation)
     */
    public ActivationLayer(String name, Activation activation, List<Integer> shape) {
        super(name, shape, shape);
        this.activation = activation;
    }

    /** The activation computed. */
    public Activation activation() {
        return activation;
    }

    @Override
    protected float[] forwardBatch(float[] input, int batch, Pass pass) {
        z = input;
        a = input.clone();
        if (activation == Activation.SOFTMAX) {
            for (int i = 0; i < batch; i++) {
                softmaxInPlace(a, i * outputSize, outputSize);
            }
        } else {
            for (int j = 0; j < a.length; j++) {
                a[j] = apply(activation, a[j]);
            }
        }
        return a;
    }

    @Override
    protected float[] backwardBatch(float[] da) {
        float[] dz = new float[da.length];
        if (activation == Activation.SOFTMAX) {
            for (int i = 0; i < batch; i++) {
                int off = i * outputSize;
                double dot = 0;
                for (int j = 0; j < outputSize; j++) {
                    dot += (double) da[off + j] * a[off + j];
                }
                for (int j = 0; j < outputSize; j++) {
                    dz[off + j] = (float) (a[off + j] * (da[off + j] - dot));
                }
            }
        } else if (activation == Activation.RELU) {
            for (int j = 0; j < dz.length; j++) {
                // derivative 1 where z > 0, else 0, without a branch: the sign bit of 0 - z is set exactly when
                // z > 0 (0 - 0 and 0 - -0 are +0)
                dz[j] = da[j] * (float) (Float.floatToRawIntBits(0f - z[j]) >>> 31);
            }
        } else {
            for (int j = 0; j < dz.length; j++) {
                dz[j] = da[j] * derivative(activation, z[j], a[j]);
            }
        }
        return dz;
    }

    /** The element-wise activation of {@code z} (not softmax). */
    static float apply(Activation activation, float z) {
        return switch (activation) {
            case IDENTITY -> z;
            case RELU -> Math.max(0f, z);
            case TANH -> (float) Math.tanh(z);
            case SIGMOID -> sigmoid(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is applied per example, not per value");
        };
    }

    /** {@code 1 / (1 + exp(-z))}, computed in double. */
    static float sigmoid(float z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** Derivative of an element-wise activation at pre-activation {@code z} whose output was {@code a}. */
    static float derivative(Activation activation, float z, float a) {
        return switch (activation) {
            case IDENTITY -> 1f;
            case RELU -> z > 0 ? 1f : 0f;
            case TANH -> 1f - a * a;
            case SIGMOID -> a * (1f - a);
            case SOFTMAX -> throw new IllegalArgumentException("softmax has no element-wise derivative");
        };
    }

    /** Numerically stable softmax of {@code row[off, off + n)}, in place: {@code exp(z - max) / sum exp(z - max)}. */
    static void softmaxInPlace(float[] row, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = off; j < off + n; j++) {
            max = Math.max(max, row[j]);
        }
        double sum = 0;
        for (int j = off; j < off + n; j++) {
            double e = Math.exp(row[j] - max);
            row[j] = (float) e;
            sum += e;
        }
        for (int j = off; j < off + n; j++) {
            row[j] = (float) (row[j] / sum);
        }
    }
}
