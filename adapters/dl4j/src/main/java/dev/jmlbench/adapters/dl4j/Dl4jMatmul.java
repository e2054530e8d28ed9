package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.engine.MatmulKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code C = A B} with nd4j's {@code Nd4j.gemm} (OpenBLAS sgemm on nd4j-native) on float32 arrays created once in
 * native memory; {@link #run()} writes into the same result array every time, so it times the multiply alone.
 */
final class Dl4jMatmul implements MatmulKernel {
    private final int n;
    private final Nd4jThreads threads;
    private final INDArray a;
    private final INDArray b;
    private final INDArray c;
    private boolean closed;

    Dl4jMatmul(int n, float[] a, float[] b, Nd4jThreads threads) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix size must be at least 1, got " + n);
        }
        long size = (long) n * n;
        if (a.length != size || b.length != size) {
            throw new IllegalArgumentException("an " + n + " x " + n + " multiply needs " + size + " values per"
                    + " matrix, got " + a.length + " (A) and " + b.length + " (B)");
        }
        this.n = n;
        this.threads = threads;
        this.a = Nd4j.create(a, new long[] {n, n}, 'c');
        this.b = Nd4j.create(b, new long[] {n, n}, 'c');
        this.c = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {n, n}, 'c');
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void run() {
        if (closed) {
            throw new IllegalStateException("dl4j matmul kernel is closed");
        }
        threads.applyToCurrentThread();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }

    @Override
    public double maxAbsDiff(float[] expected) {
        if (expected.length != (long) n * n) {
            throw new IllegalArgumentException("expected " + ((long) n * n) + " values of C, got " + expected.length);
        }
        float[] actual = Dl4jParameterMapping.rowMajor(c);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        return max;
    }

    /** Frees the three native arrays. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            a.close();
            b.close();
            c.close();
        }
    }
}
