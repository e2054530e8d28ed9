package dev.jmlbench.adapters.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.jmlbench.core.engine.MatmulKernel;

/**
 * {@code C = A B} on PyTorch through DJL's {@code NDArray.matMul} ({@code torch::matmul}, float32): A and B are
 * created once in a manager of their own; each {@link #run()} computes C and closes it at once, so a run times
 * the multiply (and the allocation of C) only, and repeated runs hold no memory.
 */
final class DjlMatmulKernel implements MatmulKernel {
    private final int n;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;

    /**
     * @param parent where the kernel's manager is made (the engine's)
     * @param n      matrix size
     * @param a      row-major {@code n x n}
     * @param b      row-major {@code n x n}
     * @throws IllegalArgumentException when a matrix does not hold {@code n * n} values
     */
    DjlMatmulKernel(NDManager parent, int n, float[] a, float[] b) {
        if (n < 1) {
            throw new IllegalArgumentException("matmul size must be at least 1, got " + n);
        }
        long size = (long) n * n;
        if (a.length != size || b.length != size) {
            throw new IllegalArgumentException("matmul of size " + n + " needs " + size + " values per matrix, got "
                    + a.length + " (a) and " + b.length + " (b)");
        }
        this.n = n;
        this.manager = parent.newSubManager();
        this.a = manager.create(a, new Shape(n, n));
        this.b = manager.create(b, new Shape(n, n));
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void run() {
        try (NDArray c = a.matMul(b)) {
            // CPU PyTorch computes eagerly: C is complete when matMul returns
        }
    }

    @Override
    public double maxAbsDiff(float[] expected) {
        float[] c;
        try (NDArray product = a.matMul(b)) {
            c = product.toFloatArray();
        }
        if (expected.length != c.length) {
            throw new IllegalArgumentException("expected " + c.length + " values of C (" + n + " x " + n + "), got "
                    + expected.length);
        }
        double max = 0;
        for (int i = 0; i < c.length; i++) {
            max = Math.max(max, Math.abs((double) c[i] - expected[i]));
        }
        return max;
    }

    /** Number of arrays the kernel holds (A and B; for leak checks). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
