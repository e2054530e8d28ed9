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
 * <p>The summation order is part of the contract: Dense stacks produce bit-for-bit the numbers the conformance kit
 * and the adapters' parity tests were calibrated on. Every accumulation runs in float32 in increasing index order,
 * starting from the bias for {@code z}, through {@link Gemm#multiplyOrdered}, which multiplies and adds without
 * fusing, so its vector lanes and register blocks compute exactly what the plain loop computes.
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
        float[] z = new float[batch * out];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(bias.value, 0, z, i * out, out);
        }
        // z[i, j] = b[j] + x[i, 0] W[0, j] + x[i, 1] W[1, j] + ..., in that order
        Gemm.multiplyOrdered(false, false, batch, out, in, x, 0, in, weight.value, 0, out, z, 0, out, true);
        return z;
    }

    @Override
    protected float[] backwardBatch(float[] dz) {
        float[] gb = bias.grad;
        // gW[k, j] = x[0, k] dz[0, j] + x[1, k] dz[1, j] + ..., summed over the examples in order
        Gemm.multiplyOrdered(true, false, in, out, batch, input, 0, in, dz, 0, out, weight.grad, 0, out, false);
        java.util.Arrays.fill(gb, 0f);
        for (int i = 0; i < batch; i++) {
            int row = i * out;
            for (int j = 0; j < out; j++) {
                gb[j] += dz[row + j];
            }
        }
        if (!inputGradientNeeded) {
            return null;
        }
        // dx[i, k] = dz[i, 0] W[k, 0] + dz[i, 1] W[k, 1] + ..., summed in increasing j
        float[] dx = new float[batch * in];
        Gemm.multiplyOrdered(false, true, batch, in, out, dz, 0, out, weight.value, 0, out, dx, 0, in, false);
        return dx;
    }
}
