package dev.jmlbench.reference.gemm;

import dev.jmlbench.core.engine.MatmulKernel;

/**
 * The reference engine's {@link MatmulKernel}: {@code C = A B} of square n x n matrices through
 * {@link Gemm#multiply(int, int, int, float[], float[], float[])}, with the kernel and thread budget in force
 * ({@link Gemm#description()}). The operands are copied once at construction, so {@link #run()} times the
 * multiply alone.
 */
public final class GemmMatmulKernel implements MatmulKernel {
    private final int n;
    private final float[] a;
    private final float[] b;
    private final float[] c;

    /**
     * Prepares {@code C = A B}.
     *
     * @param n matrix size, at least 1
     * @param a row-major n x n, copied
     * @param b row-major n x n, copied
     * @throws IllegalArgumentException when n is not positive or an operand does not hold n x n values
     */
    public GemmMatmulKernel(int n, float[] a, float[] b) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix size must be at least 1, got " + n);
        }
        long size = (long) n * n;
        if (a == null || a.length != size || b == null || b.length != size) {
            throw new IllegalArgumentException("matmul of size " + n + " needs two arrays of " + size
                    + " values, got " + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
        this.n = n;
        this.a = a.clone();
        this.b = b.clone();
        this.c = new float[(int) size];
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void run() {
        Gemm.multiply(n, n, n, a, b, c);
    }

    @Override
    public double maxAbsDiff(float[] expected) {
        if (expected.length != c.length) {
            throw new IllegalArgumentException("expected " + c.length + " values (n=" + n + "), got "
                    + expected.length);
        }
        double max = 0;
        for (int i = 0; i < c.length; i++) {
            double d = Math.abs((double) c[i] - expected[i]);
            if (Double.isNaN(d)) {
                return Double.NaN; // a NaN in the result (or the expectation) is never a match
            }
            max = Math.max(max, d);
        }
        return max;
    }

    @Override
    public void close() {
        // plain Java arrays: nothing to free
    }
}
