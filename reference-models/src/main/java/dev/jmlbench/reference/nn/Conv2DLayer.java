package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (cross-correlation) with square kernels, stride and zero padding, plus a bias per filter:
 * {@code y[f, oy, ox] = b[f] + sum over c, i, j of W[f, c, i, j] * x[c, oy*s + i - p, ox*s + j - p]}, where
 * positions outside the input read 0. Weights have the canonical shape [filters, channels, k, k].
 *
 * <p>Computed with im2col over the whole batch: the C*k*k input values under every output position of every
 * example become a column of {@code cols} [C*k*k, batch * OH*OW], so the convolution is one matrix product
 * {@code Y = W cols} with W viewed as [filters, C*k*k] (Y's columns are then regrouped per example). Backward:
 * {@code dW = dY cols^T}, {@code db = row sums of dY}, {@code dcols = W^T dY}, and col2im adds every column back
 * onto the input positions it was read from.
 */
public final class Conv2DLayer extends Layer {
    private final int channels;
    private final int height;
    private final int width;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outHeight;
    private final int outWidth;
    private final Param weight;
    private final Param bias;
    /** The patch matrix of the latest forward pass [C*k*k, batch * OH*OW]. */
    private float[] columns;

    /**
     * @param name       the layer's name in errors
     * @param inputShape [channels, height, width]
     * @param filters    output channels
     * @param kernel     kernel height and width
     * @param stride     step
     * @param padding    zeros on every side
     */
    public Conv2DLayer(String name, List<Integer> inputShape, int filters, int kernel, int stride, int padding) {
        super(name, inputShape, List.of(filters, (inputShape.get(1) + 2 * padding - kernel) / stride + 1,
                (inputShape.get(2) + 2 * padding - kernel) / stride + 1));
        this.channels = inputShape.get(0);
        this.height = inputShape.get(1);
        this.width = inputShape.get(2);
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = outputShape().get(1);
        this.outWidth = outputShape().get(2);
        this.weight = new Param("weight", filters, channels, kernel, kernel);
        this.bias = new Param("bias", filters);
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    private int patch() {
        return channels * kernel * kernel;
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        int positions = outHeight * outWidth;
        int columnsCount = batch * positions;
        columns = new float[patch() * columnsCount];
        for (int b = 0; b < batch; b++) {
            im2col(x, b * inputSize, columns, b * positions, columnsCount);
        }
        float[] product = new float[filters * columnsCount];
        for (int f = 0; f < filters; f++) {
            Arrays.fill(product, f * columnsCount, (f + 1) * columnsCount, bias.value[f]);
        }
        Gemm.multiply(false, false, filters, columnsCount, patch(), weight.value, 0, patch(), columns, 0,
                columnsCount, product, 0, columnsCount, true);
        float[] y = new float[batch * outputSize];
        for (int f = 0; f < filters; f++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(product, f * columnsCount + b * positions, y, b * outputSize + f * positions,
                        positions);
            }
        }
        return y;
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        int positions = outHeight * outWidth;
        int columnsCount = batch * positions;
        float[] dProduct = new float[filters * columnsCount];
        for (int f = 0; f < filters; f++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(dy, b * outputSize + f * positions, dProduct, f * columnsCount + b * positions,
                        positions);
            }
        }
        Gemm.multiply(false, true, filters, patch(), columnsCount, dProduct, 0, columnsCount, columns, 0,
                columnsCount, weight.grad, 0, patch(), false);
        for (int f = 0; f < filters; f++) {
            float s = 0;
            for (int q = f * columnsCount; q < (f + 1) * columnsCount; q++) {
                s += dProduct[q];
            }
            bias.grad[f] = s;
        }
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dcols = new float[patch() * columnsCount];
        Gemm.multiply(true, false, patch(), columnsCount, filters, weight.value, 0, patch(), dProduct, 0,
                columnsCount, dcols, 0, columnsCount, false);
        float[] dx = new float[batch * inputSize];
        for (int b = 0; b < batch; b++) {
            col2im(dcols, b * positions, columnsCount, dx, b * inputSize);
        }
        return dx;
    }

    /**
     * Writes the patches of the example starting at {@code off} into {@code cols}: row (c, i, j), column
     * {@code column + oy * OW + ox}, rows {@code ld} apart.
     */
    private void im2col(float[] x, int off, float[] cols, int column, int ld) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    int row = ((c * kernel + i) * kernel + j) * ld + column;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride + i - padding;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int inRow = off + (c * height + iy) * width;
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride + j - padding;
                            if (ix >= 0 && ix < width) {
                                cols[row + oy * outWidth + ox] = x[inRow + ix];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds the patch-matrix gradient of one example (columns from {@code column}) onto the input positions. */
    private void col2im(float[] dcols, int column, int ld, float[] dx, int off) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    int row = ((c * kernel + i) * kernel + j) * ld + column;
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride + i - padding;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int inRow = off + (c * height + iy) * width;
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride + j - padding;
                            if (ix >= 0 && ix < width) {
                                dx[inRow + ix] += dcols[row + oy * outWidth + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
