package dev.jmlbench.reference.gemm;

/**
 * {@code C = op(A) op(B)} or {@code C += op(A) op(B)} on row-major float arrays, where {@code op(X)} is X or its
 * transpose. Shapes: {@code op(A)} is m x k, {@code op(B)} is k x n, C is m x n. Leading dimensions are the row
 * lengths of the arrays as stored (for a transposed operand, the row length of the untransposed array).
 *
 * <p>Thread budget: {@link #setThreads(int)}; the harness sets it from its budget when the engine opens.
 */
public final class Gemm {
    private static volatile int threads = 1;

    private Gemm() {
    }

    /** Sets the number of threads multiplies may use, at least 1. */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("GEMM threads must be at least 1, got " + count);
        }
        threads = count;
    }

    /** The thread budget in force. */
    public static int threads() {
        return threads;
    }

    /** How multiplies are computed here, for the environment block (e.g. "scalar, 1 thread"). */
    public static String description() {
        return "scalar loops, " + threads + (threads == 1 ? " thread" : " threads");
    }

    /**
     * Computes {@code C (+)= op(A) op(B)}.
     *
     * @param transA     whether op(A) is A transposed (A stored k x m)
     * @param transB     whether op(B) is B transposed (B stored n x k)
     * @param accumulate true to add to C, false to overwrite it
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb,
                                float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                if (aip == 0f) {
                    continue;
                }
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bOffset + j * ldb + p];
                    }
                } else {
                    int bRow = bOffset + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    /** {@code C = A B} for dense row-major A (m x k), B (k x n), C (m x n). */
    public static void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
        multiply(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }
}
