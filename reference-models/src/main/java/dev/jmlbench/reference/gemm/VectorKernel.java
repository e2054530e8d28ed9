package dev.jmlbench.reference.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast kernel, on the JDK Vector API ({@code jdk.incubator.vector}): a packed, cache-blocked multiply in the
 * style of GotoBLAS/BLIS with a register-blocked micro-kernel of {@value #MR} rows by two vectors.
 *
 * <p>Loops, outermost first, per slice of C: columns in blocks of NC (op(B) block packed once per KC rows of the
 * inner dimension, to stay in L3), rows in blocks of MC (op(A) block packed, to stay in L2), then micro-tiles of
 * {@value #MR} x {@code 2 * lanes}: the micro-kernel keeps the whole C tile in twelve vector registers for the KC
 * steps of the inner loop, each step two vector loads of packed B, six broadcasts of packed A and twelve fused
 * multiply-adds. KC, MC and NC are derived from the vector width and this machine's cache sizes
 * ({@link Blocking}). Packing turns transposed operands into the same layout, so every transpose combination
 * runs the same micro-kernel. Where C has at most {@value #B_IN_PLACE_ROWS} rows and B is not transposed, every
 * packed B panel would serve only a few micro-tiles, so the micro-kernel reads B where it lies instead (the small
 * products of convolutions and recurrent steps). Edge tiles go through a small per-thread buffer padded with
 * zeros.
 *
 * <p>This class links against the incubator module, so it is loaded only reflectively, and only when the boot
 * layer has the module (see {@link Gemm}).
 */
final class VectorKernel implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-tile. */
    static final int MR = 6;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** The cache blocking for this machine. */
    static final Blocking BLOCKING = Blocking.forThisMachine(MR, NR);
    /** Inner-dimension block. */
    static final int KC = BLOCKING.kc();
    /** Rows of C per packed block of op(A): MC x KC floats stay in L2. */
    static final int MC = BLOCKING.mc();
    /** Columns of C per packed block of op(B). */
    static final int NC = BLOCKING.nc();
    /** Products with at most this many rows read B in place rather than packing it. */
    static final int B_IN_PLACE_ROWS = 64;

    private static final class Buffers {
        final float[] aPack = new float[MC * KC];
        final float[] bPack = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Whether this JVM's preferred vector shape is worth using (at least four floats per vector). */
    static boolean usable() {
        return L >= 4;
    }

    @Override
    public void multiplySlice(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOffset, int lda,
                              float[] b, int bOffset, int ldb,
                              float[] c, int cOffset, int ldc, boolean accumulate) {
        Buffers buffers = BUFFERS.get();
        if (k == 0) {
            if (!accumulate) {
                for (int i = i0; i < i1; i++) {
                    int row = cOffset + i * ldc;
                    java.util.Arrays.fill(c, row + j0, row + j1, 0f);
                }
            }
            return;
        }
        // Where op(B) is B as stored and C has few rows, every packed B panel would be read by only a few micro-tiles:
        // the micro-kernel then reads B in place (rows ldb apart) and only a last, narrower panel is packed.
        boolean bInPlace = !transB && i1 - i0 <= B_IN_PLACE_ROWS;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int fullColumns = bInPlace ? nc - nc % NR : 0;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (fullColumns < nc) {
                    packB(transB, b, bOffset, ldb, pc, kc, jc + fullColumns, nc - fullColumns, buffers.bPack);
                }
                boolean load = accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(transA, a, aOffset, lda, ic, mc, pc, kc, buffers.aPack);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        boolean inPlace = jr < fullColumns;
                        float[] bp = inPlace ? b : buffers.bPack;
                        int bPanel = inPlace ? bOffset + pc * ldb + jc + jr : (jr - fullColumns) * kc;
                        int bStride = inPlace ? ldb : NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int aPanel = ir * kc;
                            int cTile = cOffset + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                microKernel(kc, buffers.aPack, aPanel, bp, bPanel, bStride, c, cTile, ldc, load);
                            } else {
                                edgeTile(kc, buffers, aPanel, bp, bPanel, bStride, c, cTile, ldc, mr, nr, load);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ic, ic + mc) x [pc, pc + kc) into micro-panels of MR rows: panel r holds, for each p, the MR
     * values of column p (rows past mc are zero).
     */
    private static void packA(boolean transA, float[] a, int aOffset, int lda, int ic, int mc, int pc, int kc,
                              float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            int rows = Math.min(MR, mc - ir);
            if (transA) {
                // op(A)(i, p) = a[p * lda + i]: the MR values of one p are contiguous
                for (int p = 0; p < kc; p++) {
                    int src = aOffset + (pc + p) * lda + ic + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOffset + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[src + p];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc, pc + kc) x [jc, jc + nc) into micro-panels of NR columns: panel j holds, for each p, the NR
     * values of row p (columns past nc are zero).
     */
    private static void packB(boolean transB, float[] b, int bOffset, int ldb, int pc, int kc, int jc, int nc,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int base = jr * kc;
            int cols = Math.min(NR, nc - jr);
            if (transB) {
                // op(B)(p, j) = b[j * ldb + p]
                // in blocks of 16 rows of the panel, so that the scattered writes stay in a few cache lines
                for (int p0 = 0; p0 < kc; p0 += 16) {
                    int p1 = Math.min(kc, p0 + 16);
                    for (int q = 0; q < cols; q++) {
                        int src = bOffset + (jc + jr + q) * ldb + pc;
                        for (int p = p0; p < p1; p++) {
                            bp[base + p * NR + q] = b[src + p];
                        }
                    }
                }
                for (int q = cols; q < NR; q++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + q] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOffset + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int q = cols; q < NR; q++) {
                        bp[dst + q] = 0f;
                    }
                }
            }
        }
    }

    /** A partial tile: computed in the zero-padded tile buffer, then the valid part is copied to C. */
    private static void edgeTile(int kc, Buffers buffers, int aPanel, float[] bp, int bPanel, int bStride,
                                 float[] c, int cTile, int ldc, int mr, int nr, boolean load) {
        float[] tile = buffers.tile;
        java.util.Arrays.fill(tile, 0f);
        if (load) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, cTile + r * ldc, tile, r * NR, nr);
            }
        }
        microKernel(kc, buffers.aPack, aPanel, bp, bPanel, bStride, tile, 0, NR, true);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, cTile + r * ldc, nr);
        }
    }

    /**
     * {@code C tile (+)= A panel x B panel} for a full MR x NR tile, B's rows {@code bStride} apart (NR when packed,
     * ldb when read in place): the tile lives in twelve accumulators,
     * loaded from C before the loop (or zero) and stored once after it.
     */
    private static void microKernel(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float[] c,
                                    int cOff, int ldc, boolean load) {
        int r0 = cOff;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, r0);
            c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            c00 = zero;
            c01 = zero;
            c10 = zero;
            c11 = zero;
            c20 = zero;
            c21 = zero;
            c30 = zero;
            c31 = zero;
            c40 = zero;
            c41 = zero;
            c50 = zero;
            c51 = zero;
        }
        // indices linear in p, so that C2 hoists the bounds checks out of the loop
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            // broadcast(a).fma(b, acc): accumulator last (the other order compiled ~40% slower on Java 17)
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    /**
     * Unpacked loops on vectors: with B as stored, each row of C is updated by whole vectors of rows of B
     * ({@code c[i, :] += a[i, p] * b[p, :]}); with B transposed (and A not), each element of C is a dot product
     * of two contiguous rows, summed in vector lanes; otherwise (both transposed, or rows shorter than a vector)
     * the scalar loop.
     */
    @Override
    public void multiplyDirect(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOffset, int lda,
                               float[] b, int bOffset, int ldb,
                               float[] c, int cOffset, int ldc, boolean accumulate) {
        if (!transB) {
            int vectorEnd = S.loopBound(n);
            for (int i = 0; i < m; i++) {
                int cRow = cOffset + i * ldc;
                if (!accumulate) {
                    java.util.Arrays.fill(c, cRow, cRow + n, 0f);
                }
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    FloatVector av = FloatVector.broadcast(S, aip);
                    int bRow = bOffset + p * ldb;
                    int j = 0;
                    for (; j < vectorEnd; j += L) {
                        FloatVector bv = FloatVector.fromArray(S, b, bRow + j);
                        av.fma(bv, FloatVector.fromArray(S, c, cRow + j)).intoArray(c, cRow + j);
                    }
                    for (; j < n; j++) {
                        c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                    }
                }
            }
        } else if (!transA && k >= L) {
            int vectorEnd = S.loopBound(k);
            for (int i = 0; i < m; i++) {
                int aRow = aOffset + i * lda;
                int cRow = cOffset + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bRow = bOffset + j * ldb;
                    FloatVector sum = FloatVector.zero(S);
                    int p = 0;
                    for (; p < vectorEnd; p += L) {
                        sum = FloatVector.fromArray(S, a, aRow + p).fma(FloatVector.fromArray(S, b, bRow + p), sum);
                    }
                    float dot = sum.reduceLanes(VectorOperators.ADD);
                    for (; p < k; p++) {
                        dot = Math.fma(a[aRow + p], b[bRow + p], dot);
                    }
                    c[cRow + j] = accumulate ? c[cRow + j] + dot : dot;
                }
            }
        } else {
            Gemm.directLoop(transA, true, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        }
    }

    @Override
    public void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector av = FloatVector.broadcast(S, a);
        int end = S.loopBound(n);
        int i = 0;
        for (; i < end; i += L) {
            // mul then add, not fma: bit-identical to the scalar loop
            FloatVector.fromArray(S, y, yOff + i).add(av.mul(FloatVector.fromArray(S, x, xOff + i)))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    /**
     * {@code y = tanh(x)} on vectors through {@link RationalTanh}: float multiplies, adds and a divide, the same bits
     * in every JIT tier and in the scalar tail. Not the Vector API's TANH and EXP: those switch between an intrinsic
     * and a Java fallback with the JIT tier, so training (which amplifies every rounding difference) was not
     * reproducible from run to run (charlm-simple-rnn ended between 3.94 and 3.96 bits per character on one seed).
     * Within 7 ulp (4.2e-7 absolute) of the double-precision formula.
     */
    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int end = S.loopBound(n);
        int i = 0;
        for (; i < end; i += L) {
            RationalTanh.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = RationalTanh.tanh(x[xOff + i]);
        }
    }

    /**
     * {@code y = 1 / (1 + exp(-x))} as {@code 0.5 tanh(x / 2) + 0.5} through {@link RationalTanh}, reproducible like
     * {@link #tanh}; within 2.2e-7 absolute of the double-precision formula.
     */
    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        int end = S.loopBound(n);
        int i = 0;
        for (; i < end; i += L) {
            RationalTanh.tanh(FloatVector.fromArray(S, x, xOff + i).mul(0.5f)).mul(0.5f).add(0.5f)
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = RationalTanh.tanh(x[xOff + i] * 0.5f) * 0.5f + 0.5f;
        }
    }

    @Override
    public int rowGrain() {
        return MR;
    }

    @Override
    public int columnGrain() {
        return NR;
    }

    @Override
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit (" + L + " floats), " + MR + "x2-vector micro-kernel, "
                + BLOCKING.describe();
    }
}
