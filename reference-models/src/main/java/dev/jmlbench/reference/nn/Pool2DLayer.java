package dev.jmlbench.reference.nn;

import java.util.List;

/**
 * Max or average pooling over square windows of every channel, no padding (every window lies inside the input):
 * <ul>
 *   <li>max: {@code y[c, oy, ox] = max over i, j < size of x[c, oy*s + i, ox*s + j]}; backward sends the whole
 *       gradient to the first maximum of the window (row-major order, as PyTorch does on ties);</li>
 *   <li>average: {@code y[c, oy, ox] = (1 / size^2) sum over the window}; backward spreads {@code dy / size^2}
 *       over the window.</li>
 * </ul>
 */
public final class Pool2DLayer extends Layer {
    private final boolean max;
    private final int channels;
    private final int height;
    private final int width;
    private final int size;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    /** For max pooling, the input index of every output's maximum in the latest forward pass; grows, reused. */
    private int[] argmax = new int[0];

    /**
     * @param name       the layer's name in errors
     * @param max        true for max pooling, false for average pooling
     * @param inputShape [channels, height, width]
     * @param size       window height and width
     * @param stride     step
     */
    public Pool2DLayer(String name, boolean max, List<Integer> inputShape, int size, int stride) {
        super(name, inputShape, List.of(inputShape.get(0), (inputShape.get(1) - size) / stride + 1,
                (inputShape.get(2) - size) / stride + 1));
        this.max = max;
        this.channels = inputShape.get(0);
        this.height = inputShape.get(1);
        this.width = inputShape.get(2);
        this.size = size;
        this.stride = stride;
        this.outHeight = outputShape().get(1);
        this.outWidth = outputShape().get(2);
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        float[] y = new float[batch * outputSize];
        if (max && argmax.length < y.length) {
            argmax = new int[y.length];
        }
        int[] arg = argmax;
        if (max && size == 2 && stride == 2) {
            maxPool2x2(x, batch, y, arg);
            return y;
        }
        float scale = 1f / (size * size);
        int o = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int plane = b * inputSize + c * height * width;
                for (int oy = 0; oy < outHeight; oy++) {
                    int rowStart = plane + oy * stride * width;
                    for (int ox = 0; ox < outWidth; ox++, o++) {
                        int first = rowStart + ox * stride;
                        if (max) {
                            int best = first;
                            float bestValue = x[first];
                            for (int i = 0; i < size; i++) {
                                int line = first + i * width;
                                for (int j = 0; j < size; j++) {
                                    // selects rather than a branch: which value wins is data, not predictable
                                    float v = x[line + j];
                                    best = v > bestValue ? line + j : best;
                                    bestValue = Math.max(bestValue, v);
                                }
                            }
                            arg[o] = best;
                            y[o] = bestValue;
                        } else {
                            float sum = 0;
                            for (int i = 0; i < size; i++) {
                                for (int j = 0; j < size; j++) {
                                    sum += x[first + i * width + j];
                                }
                            }
                            y[o] = sum * scale;
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Max pooling over 2x2 windows with stride 2, the common case, with the window written out: the maximum from
     * {@link Math#max} (a NaN wins over every number, +0 over -0), and as its index the first position of the
     * window, in row-major order, that equals it (the first NaN where it is NaN), as the general loop picks it.
     * Only integer selects depend on the data: C2 compiles a float select into a branch, which mispredicts on
     * half of the windows of a ReLU's output (the former chain of float selects took 410 us on LeNet-5's first
     * pooling layer at batch 32, this one 77 us).
     */
    private void maxPool2x2(float[] x, int batch, float[] y, int[] arg) {
        int o = 0;
        int planes = batch * channels;
        int planeSize = height * width;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * planeSize;
            for (int oy = 0; oy < outHeight; oy++) {
                int top = base + 2 * oy * width;
                int bottom = top + width;
                for (int ox = 0; ox < outWidth; ox++, o++) {
                    int p = top + 2 * ox;
                    int q = bottom + 2 * ox;
                    float v0 = x[p];
                    float v1 = x[p + 1];
                    float v2 = x[q];
                    float v3 = x[q + 1];
                    float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                    int best = q + 1;
                    best = v2 == m ? q : best;
                    best = v1 == m ? p + 1 : best;
                    best = v0 == m ? p : best;
                    if (m != m) { // a NaN equals nothing: the first NaN takes the gradient
                        best = v0 != v0 ? p : v1 != v1 ? p + 1 : v2 != v2 ? q : q + 1;
                    }
                    arg[o] = best;
                    y[o] = m;
                }
            }
        }
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        float[] dx = new float[batch * inputSize];
        if (max) {
            int[] arg = argmax;
            for (int o = 0; o < dy.length; o++) {
                dx[arg[o]] += dy[o];
            }
            return dx;
        }
        float scale = 1f / (size * size);
        int o = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int plane = b * inputSize + c * height * width;
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++, o++) {
                        int first = plane + oy * stride * width + ox * stride;
                        float g = dy[o] * scale;
                        for (int i = 0; i < size; i++) {
                            for (int j = 0; j < size; j++) {
                                dx[first + i * width + j] += g;
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }
}
