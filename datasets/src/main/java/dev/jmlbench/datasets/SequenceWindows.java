package dev.jmlbench.datasets;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;

/**
 * The one routine that cuts sequences into training windows, shared by every text and series task so that every
 * engine sees the same windows.
 */
public final class SequenceWindows {
    private SequenceWindows() {
    }

    /**
     * Next-token windows over a token sequence: example k holds tokens {@code [k*stride, k*stride + window)} as
     * float-coded indices and its label is the token right after them.
     *
     * @throws IllegalArgumentException when the sequence is too short for one window or an argument is < 1
     */
    public static LabeledData nextToken(int[] tokens, int window, int stride, int vocabularySize) {
        int count = count(tokens.length, window, 1, stride);
        float[][] x = new float[count][window];
        int[] y = new int[count];
        for (int k = 0; k < count; k++) {
            int start = k * stride;
            for (int t = 0; t < window; t++) {
                x[k][t] = tokens[start + t];
            }
            y[k] = tokens[start + window];
        }
        return new LabeledData(x, y, vocabularySize);
    }

    /**
     * Forecasting windows over a series: example k holds values {@code [k*stride, k*stride + window)} and its
     * target is the value {@code horizon} steps after the last of them (horizon 1 = the next value).
     *
     * @throws IllegalArgumentException when the series is too short for one window or an argument is < 1
     */
    public static RegressionData nextValue(float[] series, int window, int horizon, int stride) {
        int count = count(series.length, window, horizon, stride);
        float[][] x = new float[count][window];
        float[] y = new float[count];
        for (int k = 0; k < count; k++) {
            int start = k * stride;
            System.arraycopy(series, start, x[k], 0, window);
            y[k] = series[start + window + horizon - 1];
        }
        return new RegressionData(x, y);
    }

    /** Number of windows of {@code window} values plus a target {@code horizon} after, every {@code stride}. */
    static int count(int length, int window, int horizon, int stride) {
        if (window < 1 || horizon < 1 || stride < 1) {
            throw new IllegalArgumentException("window, horizon and stride must be >= 1, got " + window + ", "
                    + horizon + ", " + stride);
        }
        int span = window + horizon;
        if (length < span) {
            throw new IllegalArgumentException("a sequence of " + length + " values is too short for a window of "
                    + window + " and a horizon of " + horizon);
        }
        return (length - span) / stride + 1;
    }
}
