package dev.jmlbench.reference.gemm;

import java.util.Arrays;

/**
 * The portable kernel: plain Java loops, cache-blocked, written so that HotSpot's C2 compiler turns the inner
 * loop into SIMD instructions by itself (auto-vectorisation); used where the JVM has no
 * {@code jdk.incubator.vector} module.
 *
 * <p>Per slice: a block of op(B) of {@value #KC} rows by up to {@value #NC} columns is copied into per-thread
 * row arrays (so that a transposed B costs nothing extra and the block stays in the L2 cache), then every row of
 * C in the slice is copied into a row buffer, updated with four rows of the block at a time,
 * {@code c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}, and copied back. C2 vectorises that loop only
 * when every array is indexed by the loop variable alone, hence the copies (with offsets into shared arrays the
 * same loop ran about 6x slower, scalar).
 */
final class ScalarKernel implements GemmKernel {
    /** Rows of op(B) (the inner dimension) per block. */
    static final int KC = 128;
    /** Columns of op(B) and C per block; KC x NC floats = 256 KiB, the block stays in L2. */
    static final int NC = 512;

    /** Per-thread buffers: the packed block of op(B), one array per row, one row of op(A) and one row of C. */
    private static final class Buffers {
        final float[][] bRows = new float[KC][NC];
        final float[] aRow = new float[KC];
        final float[] cRow = new float[NC];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    @Override
    public void multiplySlice(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOffset, int lda,
                              float[] b, int bOffset, int ldb,
                              float[] c, int cOffset, int ldc, boolean accumulate) {
        Buffers buffers = BUFFERS.get();
        float[] ar = buffers.aRow;
        float[] cr = buffers.cRow;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            if (k == 0 && !accumulate) {
                for (int i = i0; i < i1; i++) {
                    int cRow = cOffset + i * ldc + jc;
                    Arrays.fill(c, cRow, cRow + nc, 0f);
                }
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOffset, ldb, pc, kc, jc, nc, buffers.bRows);
                boolean load = accumulate || pc > 0;
                for (int i = i0; i < i1; i++) {
                    int cRow = cOffset + i * ldc + jc;
                    if (load) {
                        System.arraycopy(c, cRow, cr, 0, nc);
                    } else {
                        Arrays.fill(cr, 0, nc, 0f);
                    }
                    if (transA) {
                        for (int p = 0; p < kc; p++) {
                            ar[p] = a[aOffset + (pc + p) * lda + i];
                        }
                    } else {
                        System.arraycopy(a, aOffset + i * lda + pc, ar, 0, kc);
                    }
                    updateRow(ar, kc, buffers.bRows, nc, cr);
                    System.arraycopy(cr, 0, c, cRow, nc);
                }
            }
        }
    }

    /** Copies op(B)[pc, pc + kc) x [jc, jc + nc) into the first nc elements of {@code rows[0..kc)}. */
    private static void packB(boolean transB, float[] b, int bOffset, int ldb, int pc, int kc, int jc, int nc,
                              float[][] rows) {
        if (transB) {
            for (int j = 0; j < nc; j++) {
                int src = bOffset + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    rows[p][j] = b[src + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOffset + (pc + p) * ldb + jc, rows[p], 0, nc);
            }
        }
    }

    /**
     * {@code cr[j] += sum_p ar[p] * rows[p][j]} for j in [0, nc). Every array is indexed from 0 with the loop
     * variable alone: C2 proves such loops free of aliasing and vectorises them (with an offset into a shared
     * array it does not).
     */
    private static void updateRow(float[] ar, int kc, float[][] rows, int nc, float[] cr) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            float a0 = ar[p];
            float a1 = ar[p + 1];
            float a2 = ar[p + 2];
            float a3 = ar[p + 3];
            float[] b0 = rows[p];
            float[] b1 = rows[p + 1];
            float[] b2 = rows[p + 2];
            float[] b3 = rows[p + 3];
            for (int j = 0; j < nc; j++) {
                cr[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
            }
        }
        for (; p < kc; p++) {
            float ap = ar[p];
            float[] bp = rows[p];
            for (int j = 0; j < nc; j++) {
                cr[j] += ap * bp[j];
            }
        }
    }

    @Override
    public void multiplyDirect(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOffset, int lda,
                               float[] b, int bOffset, int ldb,
                               float[] c, int cOffset, int ldc, boolean accumulate) {
        Gemm.directLoop(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    @Override
    public void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) (1 / (1 + Math.exp(-x[xOff + i])));
        }
    }

    @Override
    public int rowGrain() {
        return 1;
    }

    @Override
    public int columnGrain() {
        return 16;
    }

    @Override
    public String describe() {
        return "scalar Java loops (C2 auto-vectorised), cache-blocked " + KC + "x" + NC;
    }
}
