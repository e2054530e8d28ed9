package dev.jmlbench.reference.classic;

import java.util.Arrays;

/**
 * The training data re-coded for split search, exactly (no approximation): for every feature, its distinct
 * values in increasing order, and for every row the rank of its value among them. Ranks are stored feature by
 * feature in bytes, chars or ints, whichever is the smallest that holds the feature's distinct-value count
 * (MNIST pixels: one byte per value). Built once per data set and shared, read-only, by the trees of a forest.
 * Negative zero is counted as zero.
 */
final class FeatureRanks {
    private final int rows;
    private final float[][] values;
    private final byte[][] rank8;
    private final char[][] rank16;
    private final int[][] rank32;

    private FeatureRanks(int rows, float[][] values, byte[][] rank8, char[][] rank16, int[][] rank32) {
        this.rows = rows;
        this.values = values;
        this.rank8 = rank8;
        this.rank16 = rank16;
        this.rank32 = rank32;
    }

    /** Ranks of every row of {@code x} (rows of equal width, no NaN: the caller checked). */
    static FeatureRanks of(float[][] x) {
        int n = x.length;
        int width = x[0].length;
        float[][] values = new float[width][];
        byte[][] rank8 = new byte[width][];
        char[][] rank16 = new char[width][];
        int[][] rank32 = new int[width][];
        float[] column = new float[n];
        float[] sorted = new float[n];
        for (int f = 0; f < width; f++) {
            for (int r = 0; r < n; r++) {
                float v = x[r][f];
                column[r] = v == 0f ? 0f : v;
            }
            System.arraycopy(column, 0, sorted, 0, n);
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            float[] v = Arrays.copyOf(sorted, distinct);
            values[f] = v;
            if (distinct <= 256) {
                byte[] r8 = new byte[n];
                for (int r = 0; r < n; r++) {
                    r8[r] = (byte) Arrays.binarySearch(v, column[r]);
                }
                rank8[f] = r8;
            } else if (distinct <= 65536) {
                char[] r16 = new char[n];
                for (int r = 0; r < n; r++) {
                    r16[r] = (char) Arrays.binarySearch(v, column[r]);
                }
                rank16[f] = r16;
            } else {
                int[] r32 = new int[n];
                for (int r = 0; r < n; r++) {
                    r32[r] = Arrays.binarySearch(v, column[r]);
                }
                rank32[f] = r32;
            }
        }
        return new FeatureRanks(n, values, rank8, rank16, rank32);
    }

    /** Number of rows. */
    int rows() {
        return rows;
    }

    /** Number of features. */
    int width() {
        return values.length;
    }

    /** Number of distinct values of feature {@code f}. */
    int distinct(int f) {
        return values[f].length;
    }

    /** The {@code rank}-th smallest distinct value of feature {@code f}. */
    float value(int f, int rank) {
        return values[f][rank];
    }

    /** Rank of row {@code row}'s value of feature {@code f}. */
    int rank(int f, int row) {
        byte[] r8 = rank8[f];
        if (r8 != null) {
            return r8[row] & 0xff;
        }
        char[] r16 = rank16[f];
        return r16 != null ? r16[row] : rank32[f][row];
    }

    /**
     * Writes the ranks of feature {@code f} of {@code rows[from, to)} into {@code out[0, to - from)}: one pass
     * with the storage type decided once.
     */
    void ranks(int f, int[] rows, int from, int to, int[] out) {
        byte[] r8 = rank8[f];
        if (r8 != null) {
            for (int i = from; i < to; i++) {
                out[i - from] = r8[rows[i]] & 0xff;
            }
            return;
        }
        char[] r16 = rank16[f];
        if (r16 != null) {
            for (int i = from; i < to; i++) {
                out[i - from] = r16[rows[i]];
            }
            return;
        }
        int[] r32 = rank32[f];
        for (int i = from; i < to; i++) {
            out[i - from] = r32[rows[i]];
        }
    }
}
