package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (cross-correlation) with square kernels, stride and zero padding, plus a bias per filter:
 * {@code y[f, oy, ox] = b[f] + sum over c, i, j of W[f, c, i, j] * x[c, oy*s + i - p, ox*s + j - p]}, where
 * positions outside the input read 0. Weights have the canonical shape [filters, channels, k, k].
 *
 * <p>Computed with im2col: the C*k*k input values under every output position of an example become a column of
 * that example's patch matrix {@code cols_b} [C*k*k, OH*OW], so the example's convolution is one matrix product
 * {@code Y_b = W cols_b} with W viewed as [filters, C*k*k], written straight into the output (which holds the
 * bias beforehand) because Y_b is laid out [filters, OH*OW] exactly as the output is. Backward:
 * {@code dW = sum over b of dY_b cols_b^T}, {@code db = row sums of dY}, {@code dcols_b = W^T dY_b}, and col2im
 * adds every column of dcols_b back onto the input positions it was read from. At stride 1 the products run on
 * "wide" rows (see {@code wide} below): each output row spans the whole padded input row, and the extra k - 1
 * columns are dropped when the output is written.
 *
 * <p>The patch matrices of a training batch are kept, end to end, in one buffer that lives as long as the layer
 * (it grows to the largest batch seen); an inference pass reuses one example's patch matrix, so predicting a
 * large batch needs no batch-sized scratch. Nothing is allocated per example; per call, only the output (and the
 * input gradient) arrays the {@link Layer} contract hands back.
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
    /** Patch matrices of the examples of the latest training pass, [batch][C*k*k][OH*OW]; grows, reused. */
    private float[] columns = new float[0];
    /** Whether {@link #columns} holds the patch matrices of the latest forward pass (false after inference). */
    private boolean columnsKept;
    /** The input of the latest forward pass (to rebuild patch matrices after an inference pass). */
    private float[] input;
    /** One example's patch matrix, or its gradient: [C*k*k, positions], reused. */
    private final float[] scratch;
    /**
     * Stride 1 computes on "wide" rows: output row oy covers all {@code W + 2p} columns of the zero-padded input
     * (the last {@code k - 1} of them are discarded), so that row (c, i, j) of the patch matrix is one contiguous
     * run of the padded input, copied in one call, instead of OH short runs with padding around them.
     */
    private final boolean wide;
    /** Columns of one output row in the patch matrix: {@code W + 2p} when wide, else OW. */
    private final int rowWidth;
    /** Columns of the patch matrix: {@code OH * rowWidth}. */
    private final int positions;
    /** Rows of a padded input plane: {@code H + 2p}, plus one row of zeros that the last runs may reach into. */
    private final int paddedPlane;
    /** One example's zero-padded input [C, H + 2p + 1, W + 2p] (wide only; the border stays zero). */
    private final float[] padded;
    /** One example's input gradient on the padded plane (wide only). */
    private final float[] paddedGrad;
    /** One example's wide output, or output gradient (zero in the discarded columns) [filters, positions]. */
    private final float[] wideOut;
    private final float[] wideGrad;

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
        this.wide = stride == 1;
        this.rowWidth = wide ? width + 2 * padding : outWidth;
        this.positions = outHeight * rowWidth;
        this.paddedPlane = wide ? (height + 2 * padding + 1) * rowWidth : 0;
        this.scratch = new float[channels * kernel * kernel * positions];
        this.padded = new float[channels * paddedPlane];
        this.paddedGrad = new float[channels * paddedPlane];
        this.wideOut = new float[wide ? filters * positions : 0];
        this.wideGrad = new float[wide ? filters * positions : 0];
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
        int outPositions = outHeight * outWidth;
        int patch = patch();
        int perExample = patch * positions;
        input = x;
        columnsKept = pass.training();
        if (columnsKept && columns.length < batch * perExample) {
            columns = new float[batch * perExample];
        }
        float[] y = new float[batch * outputSize];
        for (int b = 0; b < batch; b++) {
            int out = b * outputSize;
            float[] cols = columnsKept ? columns : scratch;
            int colsOffset = columnsKept ? b * perExample : 0;
            im2col(x, b * inputSize, cols, colsOffset);
            float[] target = wide ? wideOut : y;
            int targetOffset = wide ? 0 : out;
            for (int f = 0; f < filters; f++) {
                Arrays.fill(target, targetOffset + f * positions, targetOffset + (f + 1) * positions, bias.value[f]);
            }
            Gemm.multiply(false, false, filters, positions, patch, weight.value, 0, patch, cols, colsOffset,
                    positions, target, targetOffset, positions, true);
            if (wide) {
                for (int f = 0; f < filters; f++) {
                    for (int oy = 0; oy < outHeight; oy++) {
                        System.arraycopy(wideOut, f * positions + oy * rowWidth, y,
                                out + f * outPositions + oy * outWidth, outWidth);
                    }
                }
            }
        }
        return y;
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        int outPositions = outHeight * outWidth;
        int patch = patch();
        int perExample = patch * positions;
        Arrays.fill(weight.grad, 0f);
        for (int f = 0; f < filters; f++) {
            float s = 0;
            for (int b = 0; b < batch; b++) {
                int row = b * outputSize + f * outPositions;
                for (int q = row; q < row + outPositions; q++) {
                    s += dy[q];
                }
            }
            bias.grad[f] = s;
        }
        float[] dx = inputGradientNeeded ? new float[batch * inputSize] : null;
        for (int b = 0; b < batch; b++) {
            float[] cols = columns;
            int colsOffset = b * perExample;
            if (!columnsKept) {
                cols = scratch;
                colsOffset = 0;
                im2col(input, b * inputSize, cols, 0);
            }
            float[] g = dy;
            int gOffset = b * outputSize;
            if (wide) {
                // the output gradient on wide rows: the discarded columns of wideGrad stay zero
                for (int f = 0; f < filters; f++) {
                    for (int oy = 0; oy < outHeight; oy++) {
                        System.arraycopy(dy, gOffset + f * outPositions + oy * outWidth, wideGrad,
                                f * positions + oy * rowWidth, outWidth);
                    }
                }
                g = wideGrad;
                gOffset = 0;
            }
            // dW += dY_b cols_b^T: [filters, positions] x [positions, patch]
            Gemm.multiply(false, true, filters, patch, positions, g, gOffset, positions, cols, colsOffset,
                    positions, weight.grad, 0, patch, true);
            if (dx != null) {
                // dcols_b = W^T dY_b: [patch, filters] x [filters, positions]
                Gemm.multiply(true, false, patch, positions, filters, weight.value, 0, patch, g, gOffset,
                        positions, scratch, 0, positions, false);
                col2im(scratch, dx, b * inputSize);
            }
        }
        return dx;
    }

    /** The first output column whose input column {@code ox*s + j - p} is >= 0. */
    private int firstColumn(int j) {
        int need = padding - j;
        return need <= 0 ? 0 : Math.min(outWidth, (need + stride - 1) / stride);
    }

    /** One past the last output column whose input column {@code ox*s + j - p} is < width. */
    private int endColumn(int j) {
        int room = width - 1 + padding - j; // ox*s <= room
        return room < 0 ? 0 : Math.min(outWidth, room / stride + 1);
    }

    /**
     * Writes the patch matrix of the example starting at {@code off} into {@code cols} from {@code to}: row
     * (c, i, j), column {@code oy * OW + ox}, rows OH*OW apart; every value is written (zeros where the patch
     * reaches into the padding), so the buffer needs no clearing.
     */
    private void im2col(float[] x, int off, float[] cols, int to) {
        if (wide) {
            int paddedWidth = rowWidth;
            for (int c = 0; c < channels; c++) {
                for (int iy = 0; iy < height; iy++) {
                    System.arraycopy(x, off + (c * height + iy) * width, padded,
                            c * paddedPlane + (iy + padding) * paddedWidth + padding, width);
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernel; i++) {
                    for (int j = 0; j < kernel; j++) {
                        int row = to + ((c * kernel + i) * kernel + j) * positions;
                        System.arraycopy(padded, c * paddedPlane + i * paddedWidth + j, cols, row, positions);
                    }
                }
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    int row = to + ((c * kernel + i) * kernel + j) * positions;
                    int lo = firstColumn(j);
                    int hi = Math.max(lo, endColumn(j));
                    for (int oy = 0; oy < outHeight; oy++) {
                        int dst = row + oy * outWidth;
                        int iy = oy * stride + i - padding;
                        if (iy < 0 || iy >= height) {
                            Arrays.fill(cols, dst, dst + outWidth, 0f);
                            continue;
                        }
                        if (lo > 0) {
                            Arrays.fill(cols, dst, dst + lo, 0f);
                        }
                        int src = off + (c * height + iy) * width + j - padding;
                        if (stride == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * stride];
                            }
                        }
                        if (hi < outWidth) {
                            Arrays.fill(cols, dst + hi, dst + outWidth, 0f);
                        }
                    }
                }
            }
        }
    }

    /** Adds one example's patch-matrix gradient ([C*k*k, OH*OW]) onto its input gradient at {@code off}. */
    private void col2im(float[] dcols, float[] dx, int off) {
        if (wide) {
            // add every row onto the padded plane (the discarded columns carry zeros), then crop
            int paddedWidth = rowWidth;
            Arrays.fill(paddedGrad, 0f);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernel; i++) {
                    for (int j = 0; j < kernel; j++) {
                        int row = ((c * kernel + i) * kernel + j) * positions;
                        Gemm.addScaled(1f, dcols, row, paddedGrad, c * paddedPlane + i * paddedWidth + j, positions);
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int iy = 0; iy < height; iy++) {
                    System.arraycopy(paddedGrad, c * paddedPlane + (iy + padding) * paddedWidth + padding, dx,
                            off + (c * height + iy) * width, width);
                }
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    int row = ((c * kernel + i) * kernel + j) * positions;
                    int lo = firstColumn(j);
                    int hi = endColumn(j);
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride + i - padding;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int src = row + oy * outWidth;
                        int dst = off + (c * height + iy) * width + j - padding;
                        if (stride == 1) {
                            if (hi > lo) {
                                Gemm.addScaled(1f, dcols, src + lo, dx, dst + lo, hi - lo); // exact: 1 * v = v
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox * stride] += dcols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
