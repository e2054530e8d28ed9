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
 * example become a column of one patch matrix {@code cols} [C*k*k, B*positions] (example b's columns side by
 * side from {@code b * positions}), so the batch's convolution is one matrix product {@code Y = W cols} with W
 * viewed as [filters, C*k*k], whose columns are then written out per example. Backward, with the output gradient
 * gathered the same way into {@code G} [filters, B*positions]: {@code dW = G cols^T} (one product whose inner
 * dimension is the whole batch), {@code db = row sums of dY}, {@code dcols = W^T G}, and col2im adds every
 * column of dcols back onto the input positions it was read from. Batch-wide products have the shapes the GEMM
 * micro-kernel likes (tens of thousands of columns) where per-example ones were a few hundred columns by a few
 * filters. At stride 1 the products run on "wide" rows (see {@code wide} below): each output row spans the whole
 * padded input row, and the extra k - 1 columns are dropped when the output is written.
 *
 * <p>The patch matrix of a training batch is kept for the backward pass in a buffer that lives as long as the
 * layer (it grows to the largest batch seen); an inference pass goes through the batch in chunks of at most
 * {@value #INFERENCE_CHUNK} examples, so predicting a large batch needs no batch-sized scratch. Nothing is
 * allocated per example; per call, only the output (and the input gradient) arrays the {@link Layer} contract
 * hands back.
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
    /** Examples per batch-wide product in an inference pass (a training pass keeps its whole batch). */
    static final int INFERENCE_CHUNK = 32;
    /** The batch-wide patch matrix of the latest forward pass, [C*k*k][B*positions]; grows, reused. */
    private float[] columns = new float[0];
    /** The batch-wide product W cols (forward), [filters][B*positions]; grows, reused. */
    private float[] product = new float[0];
    /** The gathered output gradient G [filters][B*positions], zero in the discarded wide columns; grows. */
    private float[] grads = new float[0];
    /** The row length of {@link #grads} in the latest backward pass (its zero columns depend on it). */
    private int gradsRow;
    /** The patch-matrix gradient W^T G, [C*k*k][B*positions]; grows, reused. */
    private float[] dcolumns = new float[0];
    /** Whether {@link #columns} holds the patch matrices of the latest forward pass (false after inference). */
    private boolean columnsKept;
    /** The input of the latest forward pass (to rebuild patch matrices after an inference pass). */
    private float[] input;
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
        this.padded = new float[channels * paddedPlane];
        this.paddedGrad = new float[channels * paddedPlane];
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
        int patch = patch();
        input = x;
        columnsKept = pass.training();
        int chunk = columnsKept ? batch : Math.min(batch, INFERENCE_CHUNK);
        if (columns.length < patch * chunk * positions) {
            columns = new float[patch * chunk * positions];
        }
        if (product.length < filters * chunk * positions) {
            product = new float[filters * chunk * positions];
        }
        float[] y = new float[batch * outputSize];
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            int row = n * positions;
            for (int b = 0; b < n; b++) {
                im2col(x, (b0 + b) * inputSize, columns, b * positions, row);
            }
            for (int f = 0; f < filters; f++) {
                Arrays.fill(product, f * row, (f + 1) * row, bias.value[f]);
            }
            Gemm.multiply(false, false, filters, row, patch, weight.value, 0, patch, columns, 0, row, product, 0, row,
                    true);
            scatter(product, row, y, b0, n);
        }
        return y;
    }

    /** Writes examples {@code [b0, b0 + n)} of a batch-wide [filters][n*positions] matrix into {@code y}. */
    private void scatter(float[] wideRows, int row, float[] y, int b0, int n) {
        int outPositions = outHeight * outWidth;
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < filters; f++) {
                int src = f * row + b * positions;
                int dst = (b0 + b) * outputSize + f * outPositions;
                if (!wide) {
                    System.arraycopy(wideRows, src, y, dst, outPositions);
                    continue;
                }
                for (int oy = 0; oy < outHeight; oy++) {
                    System.arraycopy(wideRows, src + oy * rowWidth, y, dst + oy * outWidth, outWidth);
                }
            }
        }
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        int outPositions = outHeight * outWidth;
        int patch = patch();
        int row = batch * positions;
        if (!columnsKept) { // the latest pass was inference: rebuild the batch's patch matrix
            if (columns.length < patch * row) {
                columns = new float[patch * row];
            }
            for (int b = 0; b < batch; b++) {
                im2col(input, b * inputSize, columns, b * positions, row);
            }
            columnsKept = true;
        }
        for (int f = 0; f < filters; f++) {
            float s = 0;
            for (int b = 0; b < batch; b++) {
                int first = b * outputSize + f * outPositions;
                for (int q = first; q < first + outPositions; q++) {
                    s += dy[q];
                }
            }
            bias.grad[f] = s;
        }
        // G: the output gradient gathered like the product, the discarded wide columns zero
        if (grads.length < filters * row) {
            grads = new float[filters * row];
        } else if (wide && gradsRow != row) {
            Arrays.fill(grads, 0, filters * row, 0f);
        }
        gradsRow = row;
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < filters; f++) {
                int src = b * outputSize + f * outPositions;
                int dst = f * row + b * positions;
                if (!wide) {
                    System.arraycopy(dy, src, grads, dst, outPositions);
                    continue;
                }
                for (int oy = 0; oy < outHeight; oy++) {
                    System.arraycopy(dy, src + oy * outWidth, grads, dst + oy * rowWidth, outWidth);
                }
            }
        }
        // dW = G cols^T: [filters, B*positions] x [B*positions, patch]
        Gemm.multiply(false, true, filters, patch, row, grads, 0, row, columns, 0, row, weight.grad, 0, patch, false);
        if (!inputGradientNeeded) {
            return null;
        }
        // dcols = W^T G: [patch, filters] x [filters, B*positions]
        if (dcolumns.length < patch * row) {
            dcolumns = new float[patch * row];
        }
        Gemm.multiply(true, false, patch, row, filters, weight.value, 0, patch, grads, 0, row, dcolumns, 0, row, false);
        float[] dx = new float[batch * inputSize];
        for (int b = 0; b < batch; b++) {
            col2im(dcolumns, b * positions, row, dx, b * inputSize);
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
     * (c, i, j), column {@code oy * rowWidth + ox}, rows {@code ld} apart; every value is written (zeros where the
     * patch reaches into the padding), so the buffer needs no clearing.
     */
    private void im2col(float[] x, int off, float[] cols, int to, int ld) {
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
                        int row = to + ((c * kernel + i) * kernel + j) * ld;
                        System.arraycopy(padded, c * paddedPlane + i * paddedWidth + j, cols, row, positions);
                    }
                }
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    int row = to + ((c * kernel + i) * kernel + j) * ld;
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

    /**
     * Adds one example's patch-matrix gradient (rows {@code ld} apart from {@code from}) onto its input gradient at
     * {@code off}.
     */
    private void col2im(float[] dcols, int from, int ld, float[] dx, int off) {
        if (wide) {
            // add every row onto the padded plane (the discarded columns carry zeros), then crop
            int paddedWidth = rowWidth;
            Arrays.fill(paddedGrad, 0f);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernel; i++) {
                    for (int j = 0; j < kernel; j++) {
                        int row = from + ((c * kernel + i) * kernel + j) * ld;
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
                    int row = from + ((c * kernel + i) * kernel + j) * ld;
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
