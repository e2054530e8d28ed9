package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.List;

/**
 * Fully connected (affine) layer {@code z = x W + b} with {@code W} of shape [in, out] (canonical layout) and
 * {@code b} of shape [out]; the activation is a separate {@link ActivationLayer}.
 *
 * <p>Backward, for the mean loss L of the batch: {@code dL/dW = x^T dz}, {@code dL/db = sum over examples of dz},
 * {@code dL/dx = dz W^T}.
 *
 * <p>The loops are written out (no GEMM) and their summation order is part of the contract: Dense stacks produce
 * bit-for-bit the numbers the conformance kit and the adapters' parity tests were calibrated on. Every
 * accumulation runs in float32 in increasing index order, starting from the bias for {@code z}. The inner loops
 * run on vectors through {@link Gemm#addScaled}, which multiplies and adds without fusing, so vector lanes compute
 * exactly what the scalar loop computes.
 */
public final class DenseLayer extends Layer {
    private final int in;
    private final int out;
    private final Param weight;
    private final Param bias;
    private float[] input;

    /**
     * @param name  the layer's name in errors
     * @param in    input features
     * @param units outputs
     */
    public DenseLayer(String name, int in, int units) {
        super(name, List.of(in), List.of(units));
        this.in = in;
        this.out = units;
        this.weight = new Param("weight", in, units);
        this.bias = new Param("bias", units);
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        input = x;
        float[] w = weight.value;
        float[] z = new float[batch * out];
        for (int i = 0; i < batch; i++) {
            int row = i * out;
            System.arraycopy(bias.value, 0, z, row, out);
            for (int k = 0; k < in; k++) {
                Gemm.addScaled(x[i * in + k], w, k * out, z, row, out);
            }
        }
        return z;
    }

    @Override
    protected float[] backwardBatch(float[] dz) {
        float[] gw = weight.grad;
        float[] gb = bias.grad;
        java.util.Arrays.fill(gw, 0f);
        java.util.Arrays.fill(gb, 0f);
        for (int i = 0; i < batch; i++) {
            int row = i * out;
            for (int k = 0; k < in; k++) {
                Gemm.addScaled(input[i * in + k], dz, row, gw, k * out, out);
            }
            for (int j = 0; j < out; j++) {
                gb[j] += dz[row + j];
            }
        }
        if (!inputGradientNeeded) {
            return null;
        }
        // dx[i, k] = sum_j W[k, j] dz[i, j], summed in increasing j: with W transposed once, the inner loop runs
        // over k and every dx[i, k] still receives its terms in the order j = 0, 1, ...
        float[] w = weight.value;
        float[] wt = new float[out * in];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                wt[j * in + k] = w[k * out + j];
            }
        }
        float[] dx = new float[batch * in];
        for (int i = 0; i < batch; i++) {
            int row = i * in;
            for (int j = 0; j < out; j++) {
                Gemm.addScaled(dz[i * out + j], wt, j * in, dx, row, in);
            }
        }
        return dx;
    }
}
