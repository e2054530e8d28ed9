package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.List;

/**
 * 1-D convolution (cross-correlation) over a sequence {@code [T, C]} (steps by channels, as an embedding or a
 * recurrent layer emits it), stride s, no padding, plus a bias per filter:
 * {@code y[t, f] = b[f] + sum over c, j of W[f, c, j] * x[t*s + j, c]}, output {@code [OT, F]} with
 * {@code OT = (T - k) / s + 1}, again steps by channels. Weights have the canonical shape [filters, channels, k]
 * (PyTorch's Conv1d layout).
 *
 * <p>Computed with im2col over the whole batch: the C*k input values under output step t of example b become row
 * {@code b * OT + t} of {@code cols} [batch * OT, C*k], ordered (c, j) like a filter's weights, so the convolution
 * is one matrix product {@code Y = cols W^T} with W viewed as [F, C*k]; Y [batch * OT, F] is already the output
 * laid out example by example, step by step. Backward: {@code dW = dY^T cols}, {@code db = column sums of dY},
 * {@code dcols = dY W}, and col2im adds every row back onto the input positions it was read from.
 */
public final class Conv1DLayer extends Layer {
    private final int channels;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int outSteps;
    private final Param weight;
    private final Param bias;
    /** The patch matrix of the latest forward pass [batch * OT, C*k]. */
    private float[] columns;

    /**
     * @param name       the layer's name in errors
     * @param inputShape [timesteps, channels]
     * @param filters    output channels
     * @param kernel     steps each output sees
     * @param stride     step
     */
    public Conv1DLayer(String name, List<Integer> inputShape, int filters, int kernel, int stride) {
        super(name, inputShape, List.of((inputShape.get(0) - kernel) / stride + 1, filters));
        this.channels = inputShape.get(1);
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.outSteps = outputShape().get(0);
        this.weight = new Param("weight", filters, channels, kernel);
        this.bias = new Param("bias", filters);
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    private int patch() {
        return channels * kernel;
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        int rows = batch * outSteps;
        columns = new float[rows * patch()];
        for (int b = 0; b < batch; b++) {
            im2col(x, b * inputSize, columns, b * outSteps);
        }
        float[] y = new float[rows * filters];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias.value, 0, y, r * filters, filters);
        }
        Gemm.multiply(false, true, rows, filters, patch(), columns, 0, patch(), weight.value, 0, patch(), y, 0,
                filters, true);
        return y;
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        int rows = batch * outSteps;
        Gemm.multiply(true, false, filters, patch(), rows, dy, 0, filters, columns, 0, patch(), weight.grad, 0,
                patch(), false);
        java.util.Arrays.fill(bias.grad, 0f);
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < filters; f++) {
                bias.grad[f] += dy[r * filters + f];
            }
        }
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dcols = new float[rows * patch()];
        Gemm.multiply(false, false, rows, patch(), filters, dy, 0, filters, weight.value, 0, patch(), dcols, 0,
                patch(), false);
        float[] dx = new float[batch * inputSize];
        for (int b = 0; b < batch; b++) {
            col2im(dcols, b * outSteps, dx, b * inputSize);
        }
        return dx;
    }

    /** Writes the patches of the example starting at {@code off} into {@code cols}, rows from {@code row}. */
    private void im2col(float[] x, int off, float[] cols, int row) {
        int p = patch();
        for (int t = 0; t < outSteps; t++) {
            int base = (row + t) * p;
            for (int j = 0; j < kernel; j++) {
                int in = off + (t * stride + j) * channels;
                for (int c = 0; c < channels; c++) {
                    cols[base + c * kernel + j] = x[in + c];
                }
            }
        }
    }

    /** Adds the patch-matrix gradient of one example (rows from {@code row}) onto its input positions. */
    private void col2im(float[] dcols, int row, float[] dx, int off) {
        int p = patch();
        for (int t = 0; t < outSteps; t++) {
            int base = (row + t) * p;
            for (int j = 0; j < kernel; j++) {
                int in = off + (t * stride + j) * channels;
                for (int c = 0; c < channels; c++) {
                    dx[in + c] += dcols[base + c * kernel + j];
                }
            }
        }
    }
}
