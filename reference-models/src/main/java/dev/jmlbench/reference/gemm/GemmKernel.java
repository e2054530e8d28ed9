package dev.jmlbench.reference.gemm;

/**
 * One way of computing a rectangular slice of {@code C (+)= op(A) op(B)} on the calling thread. {@link Gemm}
 * checks the arguments, splits C into slices over its thread budget and hands each slice to a kernel; a kernel
 * keeps its packing buffers per thread, so slices may run concurrently.
 *
 * <p>Offsets and leading dimensions mean what they mean in {@link Gemm#multiply}; the slice is rows
 * {@code [i0, i1)} and columns {@code [j0, j1)} of C (and the matching rows of op(A) and columns of op(B)).
 */
interface GemmKernel {

    /** Computes rows {@code [i0, i1)} x columns {@code [j0, j1)} of C over the full inner dimension k. */
    void multiplySlice(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                       float[] a, int aOffset, int lda,
                       float[] b, int bOffset, int ldb,
                       float[] c, int cOffset, int ldc, boolean accumulate);

    /**
     * Computes all of {@code C (+)= op(A) op(B)} on the calling thread without packing or blocking: the path for
     * products too small (or too thin, such as a single row) for packing to pay off.
     */
    void multiplyDirect(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOffset, int lda,
                        float[] b, int bOffset, int ldb,
                        float[] c, int cOffset, int ldc, boolean accumulate);

    /**
     * {@code y[yOff + i] = y[yOff + i] + a * x[xOff + i]} for {@code i < n}: a multiply then an add, each rounded
     * to float (never fused), so the result equals the plain Java loop bit for bit whatever the vector width.
     */
    void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * {@code C (+)= A B^T} with A m x k and B n x k both stored row-major (no transposes otherwise): every element
     * of C a dot product of two contiguous rows. The path for few outputs over a long inner dimension, such as a
     * convolution's weight gradient, whose inner dimension is the batch's positions; packing would copy all of B
     * for a handful of outputs. The default is the plain loop.
     */
    default void multiplyDots(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                              float[] c, int cOffset, int ldc, boolean accumulate) {
        Gemm.directLoop(false, true, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    /**
     * {@code C (+)= op(A) op(B)} where every element of C is summed in increasing inner index, each product and
     * each sum rounded to float (never fused), starting from C's value (or zero): bit for bit the plain i-p-j loop
     * of {@link Gemm#directLoop}, whatever the vector width. The default is that loop.
     */
    default void multiplyOrdered(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOffset, int lda,
                                 float[] b, int bOffset, int ldb,
                                 float[] c, int cOffset, int ldc, boolean accumulate) {
        Gemm.directLoop(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    /** {@code y[yOff + i] = tanh(x[xOff + i])} for {@code i < n}; x and y may be the same range. */
    void tanh(float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code y[yOff + i] = 1 / (1 + exp(-x[xOff + i]))} for {@code i < n}; x and y may be the same range. */
    void sigmoid(float[] x, int xOff, float[] y, int yOff, int n);

    /** Rows of C a kernel prefers to receive together (a slice boundary should fall on a multiple of it). */
    int rowGrain();

    /** Columns of C a kernel prefers to receive together. */
    int columnGrain();

    /** What this kernel is, for people (without the thread count), e.g. "scalar, cache-blocked". */
    String describe();
}
