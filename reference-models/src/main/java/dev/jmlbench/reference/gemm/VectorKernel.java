package dev.jmlbench.reference.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast kernel, on the JDK Vector API ({@code jdk.incubator.vector}): a packed, cache-blocked multiply in the
 * style of GotoBLAS/BLIS with a register-blocked micro-kernel of {@value #MR} rows by two vectors.
 *
 * <p>Loops, outermost first, per slice of C: rows in blocks of MC (op(A) block packed once per KC columns of the
 * inner dimension, to stay in L3), columns in blocks of NC (op(B) block packed, to stay in L2), then micro-tiles of
 * {@link #MR} x {@code 2 * lanes}, rows outer (op(A)'s micro-panel stays in L1), columns inner (op(B)'s
 * micro-panels stream from L2): the micro-kernel keeps the whole C tile in vector registers for the KC steps of
 * the inner loop, each step two vector loads of packed B, MR broadcasts of packed A and 2 MR fused multiply-adds
 * (MR = 12 with 512-bit vectors: 24 accumulators of AVX-512's 32 registers; MR = 6 with narrower vectors and 16
 * registers). Measured with {@code SgemmTiming} on a Zen 5 core: 0.79 to 0.88 of the FMA peak at n = 480..2048,
 * against 0.71 to 0.80 for the former loop order (op(B)'s micro-panel in L1, op(A) packed one float every MR) run
 * alternately in the same hours; JMH's calibration at n = 512 gave 0.915. KC, MC and NC are derived from the
 * micro-tile and this machine's cache sizes
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
    /**
     * Rows of the micro-tile: twelve where vectors are 512 bits wide (AVX-512 has 32 vector registers: 24
     * accumulators, two of B and a broadcast), six otherwise (16 registers: 12 accumulators). May be set to 6 with
     * {@code -Djmlbench.gemm.mr=6} to compare.
     */
    static final int MR = Integer.getInteger("jmlbench.gemm.mr", L >= 16 ? 12 : 6) == 6 ? 6 : 12;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** The cache blocking for this machine. */
    static final Blocking BLOCKING = Blocking.forThisMachine(MR, NR);
    /** Inner-dimension block. */
    static final int KC = BLOCKING.kc();
    /** Rows of C per packed block of op(A): MC x KC floats stay in L3. */
    static final int MC = BLOCKING.mc();
    /** Columns of C per packed block of op(B): KC x NC floats stay in L2. */
    static final int NC = BLOCKING.nc();
    /**
     * Inner-dimension steps per block of a packed micro-panel of op(A): the panel holds, block after block, each
     * row's {@value} consecutive values (one 64-byte line), so that packing a row-major A copies whole vectors
     * instead of writing one float every MR (which took a twentieth of sgemm at n = 512).
     */
    static final int A_BLOCK = 16;
    /** Products with at most this many rows read B in place rather than packing it. */
    static final int B_IN_PLACE_ROWS = 64;

    private static final class Buffers {
        final float[] aPack = new float[MC * KC];
        final float[] bPack = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        /** The row-major copy of a transposed B for the ordered product; grows. */
        float[] ordered = new float[0];
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
        // Not where op(B) outgrows half of L2: its rows, read in place far apart, would then come from L3 or
        // memory, as many streams as k, which the prefetchers do not follow (a batch-wide convolution's patch
        // matrix); packing reads each row once, in order.
        boolean bInPlace = !transB && i1 - i0 <= B_IN_PLACE_ROWS
                && (long) k * (j1 - j0) * Float.BYTES <= BLOCKING.l2() / 2;
        // BLIS's loop order with the operands' roles as in its AVX-512 kernels: the broadcast operand's micro-panel
        // (MR rows of op(A) by KC, a small one) stays in L1 for a whole block of B, whose micro-panels (KC by two
        // vectors) stream from L2; the packed block of op(A) stays in L3 and is packed once per KC.
        int rowBlock = Blocking.evenBlock(i1 - i0, MC, MR);
        int columnBlock = Blocking.evenBlock(j1 - j0, NC, NR);
        for (int ic = i0; ic < i1; ic += rowBlock) {
            int mc = Math.min(rowBlock, i1 - ic);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int rowLength = padded(kc); // floats per row of a packed micro-panel of op(A)
                boolean load = accumulate || pc > 0;
                packA(transA, a, aOffset, lda, ic, mc, pc, kc, buffers.aPack);
                for (int jc = j0; jc < j1; jc += columnBlock) {
                    int nc = Math.min(columnBlock, j1 - jc);
                    int fullColumns = bInPlace ? nc - nc % NR : 0;
                    if (fullColumns < nc) {
                        packB(transB, b, bOffset, ldb, pc, kc, jc + fullColumns, nc - fullColumns, buffers.bPack);
                    }
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int aPanel = ir * rowLength;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            boolean inPlace = jr < fullColumns;
                            float[] bp = inPlace ? b : buffers.bPack;
                            int bPanel = inPlace ? bOffset + pc * ldb + jc + jr : (jr - fullColumns) * kc;
                            int bStride = inPlace ? ldb : NR;
                            int cTile = cOffset + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                tile(kc, buffers.aPack, aPanel, bp, bPanel, bStride, c, cTile, ldc, load);
                            } else if (mr == 6 && nr == NR) {
                                // six rows left of a twelve-row panel (a 6-filter convolution): the six-row kernel
                                // (splitting 7 to 11 rows into six in place and an edge measured slower on an LSTM
                                // of batch 32, whose inner dimension is short)
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

    /** Floats per row of a packed micro-panel of op(A) for an inner block of {@code kc}: whole blocks. */
    private static int padded(int kc) {
        return (kc + A_BLOCK - 1) & -A_BLOCK;
    }

    /**
     * Packs op(A)[ic, ic + mc) x [pc, pc + kc) into micro-panels of MR rows, {@code MR * padded(kc)} floats apart:
     * in the panel of rows [i0, i0 + MR), op(A)(i, p) lies at
     * {@code (p / A_BLOCK) * A_BLOCK * MR + (i - i0) * A_BLOCK + p % A_BLOCK} (rows past mc are zero).
     */
    private static void packA(boolean transA, float[] a, int aOffset, int lda, int ic, int mc, int pc, int kc,
                              float[] ap) {
        int blocks = padded(kc) / A_BLOCK;
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * padded(kc);
            int rows = Math.min(MR, mc - ir);
            if (transA) {
                // op(A)(i, p) = a[p * lda + i]: the MR values of one p are contiguous
                for (int p = 0; p < kc; p++) {
                    int src = aOffset + (pc + p) * lda + ic + ir;
                    int dst = base + (p & -A_BLOCK) * MR + (p & (A_BLOCK - 1));
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r * A_BLOCK] = a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOffset + (ic + ir + r) * lda + pc;
                    int dst = base + r * A_BLOCK;
                    int p = 0;
                    if (A_BLOCK % L == 0) {
                        for (; p + A_BLOCK <= kc; p += A_BLOCK, dst += A_BLOCK * MR) {
                            for (int v = 0; v < A_BLOCK; v += L) {
                                FloatVector.fromArray(S, a, src + p + v).intoArray(ap, dst + v);
                            }
                        }
                    }
                    for (; p < kc; p++) {
                        ap[base + (p & -A_BLOCK) * MR + r * A_BLOCK + (p & (A_BLOCK - 1))] = a[src + p];
                    }
                }
            }
            // rows past mc are zero (an edge tile computes them and drops them); steps past kc are never read
            for (int r = rows; r < MR; r++) {
                for (int q = 0; q < blocks; q++) {
                    java.util.Arrays.fill(ap, base + q * A_BLOCK * MR + r * A_BLOCK,
                            base + q * A_BLOCK * MR + (r + 1) * A_BLOCK, 0f);
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
            } else if (cols == NR) {
                // two vector copies per row (System.arraycopy's call cost made packing a tenth of sgemm at n = 512)
                for (int p = 0; p < kc; p++) {
                    int src = bOffset + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
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
        if (mr <= 6) {
            microKernel(kc, buffers.aPack, aPanel, bp, bPanel, bStride, tile, 0, NR, true);
        } else {
            tile(kc, buffers.aPack, aPanel, bp, bPanel, bStride, tile, 0, NR, true);
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, cTile + r * ldc, nr);
        }
    }

    /** The micro-kernel of this machine's tile height. */
    private static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float[] c, int cOff,
                             int ldc, boolean load) {
        if (MR == 12) {
            microKernel12(kc, ap, aOff, bp, bOff, bStride, c, cOff, ldc, load);
        } else {
            microKernel(kc, ap, aOff, bp, bOff, bStride, c, cOff, ldc, load);
        }
    }

    /**
     * {@code C tile (+)= A panel x B panel} for a full 6 x NR tile (the first six rows of a packed panel of
     * MR rows), B's rows {@code bStride} apart (NR when packed,
     * ldb when read in place): the tile lives in twelve accumulators,
     * loaded from C before the loop (or zero) and stored once after it.
     */
    private static void microKernel(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride,
                                    float[] c, int cOff, int ldc, boolean load) {
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
            int ai = aOff + (p & -A_BLOCK) * MR + (p & (A_BLOCK - 1));
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            // broadcast(a).fma(b, acc): accumulator last (the other order compiled ~40% slower on Java 17)
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1 * A_BLOCK]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2 * A_BLOCK]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3 * A_BLOCK]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ai + 4 * A_BLOCK]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ai + 5 * A_BLOCK]);
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

    /** {@link #microKernel} for a tile of twelve rows: 24 accumulators, for machines with 32 vector registers. */
    private static void microKernel12(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float[] c,
                                      int cOff, int ldc, boolean load) {
        int r0 = cOff + 0 * ldc;
        int r1 = cOff + 1 * ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        int r6 = cOff + 6 * ldc;
        int r7 = cOff + 7 * ldc;
        int r8 = cOff + 8 * ldc;
        int r9 = cOff + 9 * ldc;
        int r10 = cOff + 10 * ldc;
        int r11 = cOff + 11 * ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111;
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
            c60 = FloatVector.fromArray(S, c, r6);
            c61 = FloatVector.fromArray(S, c, r6 + L);
            c70 = FloatVector.fromArray(S, c, r7);
            c71 = FloatVector.fromArray(S, c, r7 + L);
            c80 = FloatVector.fromArray(S, c, r8);
            c81 = FloatVector.fromArray(S, c, r8 + L);
            c90 = FloatVector.fromArray(S, c, r9);
            c91 = FloatVector.fromArray(S, c, r9 + L);
            c100 = FloatVector.fromArray(S, c, r10);
            c101 = FloatVector.fromArray(S, c, r10 + L);
            c110 = FloatVector.fromArray(S, c, r11);
            c111 = FloatVector.fromArray(S, c, r11 + L);
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
            c60 = zero;
            c61 = zero;
            c70 = zero;
            c71 = zero;
            c80 = zero;
            c81 = zero;
            c90 = zero;
            c91 = zero;
            c100 = zero;
            c101 = zero;
            c110 = zero;
            c111 = zero;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            int ai = aOff + (p & -A_BLOCK) * 12 + (p & (A_BLOCK - 1)); // 12 = MR here
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av;
            av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1 * A_BLOCK]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2 * A_BLOCK]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3 * A_BLOCK]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ai + 4 * A_BLOCK]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ai + 5 * A_BLOCK]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, ap[ai + 6 * A_BLOCK]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, ap[ai + 7 * A_BLOCK]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(S, ap[ai + 8 * A_BLOCK]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(S, ap[ai + 9 * A_BLOCK]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(S, ap[ai + 10 * A_BLOCK]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(S, ap[ai + 11 * A_BLOCK]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
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
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c80.intoArray(c, r8);
        c81.intoArray(c, r8 + L);
        c90.intoArray(c, r9);
        c91.intoArray(c, r9 + L);
        c100.intoArray(c, r10);
        c101.intoArray(c, r10 + L);
        c110.intoArray(c, r11);
        c111.intoArray(c, r11 + L);
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
                    float dot = sumLanes(sum);
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

    /**
     * Dot products on vectors: blocks of eight rows of A by one row of B, then of four rows of A by two rows of B,
     * in eight accumulators, each vector of B loaded once for the block's rows of A, lanes summed at the end; the
     * last rows one by one.
     */
    @Override
    public void multiplyDots(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float[] c, int cOffset, int ldc, boolean accumulate) {
        int vectorEnd = S.loopBound(k);
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            for (int j = 0; j < n; j++) {
                dots8(vectorEnd, k, a, aOffset + i * lda, lda, b, bOffset + j * ldb, c, cOffset + i * ldc + j, ldc,
                        accumulate);
            }
        }
        for (; i + 4 <= m; i += 4) {
            int a0 = aOffset + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                int b0 = bOffset + j * ldb;
                int b1 = b0 + ldb;
                FloatVector s00 = FloatVector.zero(S);
                FloatVector s01 = s00;
                FloatVector s10 = s00;
                FloatVector s11 = s00;
                FloatVector s20 = s00;
                FloatVector s21 = s00;
                FloatVector s30 = s00;
                FloatVector s31 = s00;
                int p = 0;
                for (; p < vectorEnd; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, b, b0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, b, b1 + p);
                    FloatVector y = FloatVector.fromArray(S, a, a0 + p);
                    s00 = y.fma(x0, s00);
                    s01 = y.fma(x1, s01);
                    y = FloatVector.fromArray(S, a, a1 + p);
                    s10 = y.fma(x0, s10);
                    s11 = y.fma(x1, s11);
                    y = FloatVector.fromArray(S, a, a2 + p);
                    s20 = y.fma(x0, s20);
                    s21 = y.fma(x1, s21);
                    y = FloatVector.fromArray(S, a, a3 + p);
                    s30 = y.fma(x0, s30);
                    s31 = y.fma(x1, s31);
                }
                // lanes summed one accumulator at a time (an array of vectors would box them)
                finishDot(sumLanes(s00), p, k, a, a0, b, b0, c, cOffset + i * ldc + j, accumulate);
                finishDot(sumLanes(s01), p, k, a, a0, b, b1, c, cOffset + i * ldc + j + 1,
                        accumulate);
                finishDot(sumLanes(s10), p, k, a, a1, b, b0, c, cOffset + (i + 1) * ldc + j,
                        accumulate);
                finishDot(sumLanes(s11), p, k, a, a1, b, b1, c, cOffset + (i + 1) * ldc + j + 1,
                        accumulate);
                finishDot(sumLanes(s20), p, k, a, a2, b, b0, c, cOffset + (i + 2) * ldc + j,
                        accumulate);
                finishDot(sumLanes(s21), p, k, a, a2, b, b1, c, cOffset + (i + 2) * ldc + j + 1,
                        accumulate);
                finishDot(sumLanes(s30), p, k, a, a3, b, b0, c, cOffset + (i + 3) * ldc + j,
                        accumulate);
                finishDot(sumLanes(s31), p, k, a, a3, b, b1, c, cOffset + (i + 3) * ldc + j + 1,
                        accumulate);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    dotInto(k, a, a0 + r * lda, b, bOffset + j * ldb, c, cOffset + (i + r) * ldc + j, accumulate);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                dotInto(k, a, aOffset + i * lda, b, bOffset + j * ldb, c, cOffset + i * ldc + j, accumulate);
            }
        }
    }

    /**
     * Eight dot products of one row of B with eight rows of A ({@code lda} apart): each vector of B loaded once for
     * the eight, so that B, the large operand of a convolution's weight gradient, is read once per eight rows.
     */
    private static void dots8(int vectorEnd, int k, float[] a, int a0, int lda, float[] b, int b0, float[] c, int c0,
                              int ldc, boolean accumulate) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        int p = 0;
        for (; p < vectorEnd; p += L) {
            FloatVector x = FloatVector.fromArray(S, b, b0 + p);
            s0 = FloatVector.fromArray(S, a, a0 + p).fma(x, s0);
            s1 = FloatVector.fromArray(S, a, a1 + p).fma(x, s1);
            s2 = FloatVector.fromArray(S, a, a2 + p).fma(x, s2);
            s3 = FloatVector.fromArray(S, a, a3 + p).fma(x, s3);
            s4 = FloatVector.fromArray(S, a, a4 + p).fma(x, s4);
            s5 = FloatVector.fromArray(S, a, a5 + p).fma(x, s5);
            s6 = FloatVector.fromArray(S, a, a6 + p).fma(x, s6);
            s7 = FloatVector.fromArray(S, a, a7 + p).fma(x, s7);
        }
        finishDot(sumLanes(s0), p, k, a, a0, b, b0, c, c0, accumulate);
        finishDot(sumLanes(s1), p, k, a, a1, b, b0, c, c0 + ldc, accumulate);
        finishDot(sumLanes(s2), p, k, a, a2, b, b0, c, c0 + 2 * ldc, accumulate);
        finishDot(sumLanes(s3), p, k, a, a3, b, b0, c, c0 + 3 * ldc, accumulate);
        finishDot(sumLanes(s4), p, k, a, a4, b, b0, c, c0 + 4 * ldc, accumulate);
        finishDot(sumLanes(s5), p, k, a, a5, b, b0, c, c0 + 5 * ldc, accumulate);
        finishDot(sumLanes(s6), p, k, a, a6, b, b0, c, c0 + 6 * ldc, accumulate);
        finishDot(sumLanes(s7), p, k, a, a7, b, b0, c, c0 + 7 * ldc, accumulate);
    }

    /**
     * The lanes of {@code v} summed in lane order. Not {@code reduceLanes(ADD)}: its order of additions differs
     * between the JIT's intrinsic and the Java fallback, so a result would depend on when a method got compiled
     * (two training runs on Java 25 ended with different weights).
     */
    private static float sumLanes(FloatVector v) {
        float sum = v.lane(0);
        for (int i = 1; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** Adds the scalar tail {@code [p, k)} to a dot product's vector part and stores it into {@code c[ci]}. */
    private static void finishDot(float dot, int p, int k, float[] a, int aRow, float[] b, int bRow, float[] c, int ci,
                                  boolean accumulate) {
        for (int t = p; t < k; t++) {
            dot = Math.fma(a[aRow + t], b[bRow + t], dot);
        }
        c[ci] = accumulate ? c[ci] + dot : dot;
    }

    private static void dotInto(int k, float[] a, int aRow, float[] b, int bRow, float[] c, int ci, boolean accumulate) {
        int vectorEnd = S.loopBound(k);
        FloatVector sum = FloatVector.zero(S);
        int p = 0;
        for (; p < vectorEnd; p += L) {
            sum = FloatVector.fromArray(S, a, aRow + p).fma(FloatVector.fromArray(S, b, bRow + p), sum);
        }
        float dot = sumLanes(sum);
        for (; p < k; p++) {
            dot = Math.fma(a[aRow + p], b[bRow + p], dot);
        }
        c[ci] = accumulate ? c[ci] + dot : dot;
    }

    /**
     * The ordered product on vectors: four rows of C by two vectors of columns in eight accumulators, each step
     * {@code acc = acc + a * b} with the multiply and the add rounded separately, over p in increasing order, so
     * every element gets exactly the plain loop's operations in the plain loop's order. A transposed B is copied
     * row-major first; the last columns go through single vectors and then scalars, the last rows one at a time.
     */
    @Override
    public void multiplyOrdered(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb,
                                float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
            }
        }
        if (k == 0) {
            return;
        }
        if (transB) {
            Buffers buffers = BUFFERS.get();
            if (buffers.ordered.length < k * n) {
                buffers.ordered = new float[k * n];
            }
            float[] bt = buffers.ordered;
            for (int j = 0; j < n; j++) {
                int src = bOffset + j * ldb;
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[src + p];
                }
            }
            b = bt;
            bOffset = 0;
            ldb = n;
        }
        // op(A)(i, p) = a[aOffset + i * rowStep + p * colStep]
        int rowStep = transA ? 1 : lda;
        int colStep = transA ? lda : 1;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            orderedRows4(n, k, a, aOffset + i * rowStep, rowStep, colStep, b, bOffset, ldb, c, cOffset + i * ldc, ldc);
        }
        for (; i < m; i++) {
            orderedRow(n, k, a, aOffset + i * rowStep, colStep, b, bOffset, ldb, c, cOffset + i * ldc);
        }
    }

    private static void orderedRows4(int n, int k, float[] a, int a0, int rowStep, int colStep, float[] b, int bOff,
                                     int ldb, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector x00 = FloatVector.fromArray(S, c, c0 + j);
            FloatVector x01 = FloatVector.fromArray(S, c, c0 + j + L);
            FloatVector x10 = FloatVector.fromArray(S, c, c1 + j);
            FloatVector x11 = FloatVector.fromArray(S, c, c1 + j + L);
            FloatVector x20 = FloatVector.fromArray(S, c, c2 + j);
            FloatVector x21 = FloatVector.fromArray(S, c, c2 + j + L);
            FloatVector x30 = FloatVector.fromArray(S, c, c3 + j);
            FloatVector x31 = FloatVector.fromArray(S, c, c3 + j + L);
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * ldb + j;
                FloatVector b0 = FloatVector.fromArray(S, b, bi);
                FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
                int ai = a0 + p * colStep;
                float v0 = a[ai];
                float v1 = a[ai + rowStep];
                float v2 = a[ai + 2 * rowStep];
                float v3 = a[ai + 3 * rowStep];
                x00 = x00.add(b0.mul(v0));
                x01 = x01.add(b1.mul(v0));
                x10 = x10.add(b0.mul(v1));
                x11 = x11.add(b1.mul(v1));
                x20 = x20.add(b0.mul(v2));
                x21 = x21.add(b1.mul(v2));
                x30 = x30.add(b0.mul(v3));
                x31 = x31.add(b1.mul(v3));
            }
            x00.intoArray(c, c0 + j);
            x01.intoArray(c, c0 + j + L);
            x10.intoArray(c, c1 + j);
            x11.intoArray(c, c1 + j + L);
            x20.intoArray(c, c2 + j);
            x21.intoArray(c, c2 + j + L);
            x30.intoArray(c, c3 + j);
            x31.intoArray(c, c3 + j + L);
        }
        for (; j + L <= n; j += L) {
            FloatVector x0 = FloatVector.fromArray(S, c, c0 + j);
            FloatVector x1 = FloatVector.fromArray(S, c, c1 + j);
            FloatVector x2 = FloatVector.fromArray(S, c, c2 + j);
            FloatVector x3 = FloatVector.fromArray(S, c, c3 + j);
            for (int p = 0; p < k; p++) {
                FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb + j);
                int ai = a0 + p * colStep;
                x0 = x0.add(bv.mul(a[ai]));
                x1 = x1.add(bv.mul(a[ai + rowStep]));
                x2 = x2.add(bv.mul(a[ai + 2 * rowStep]));
                x3 = x3.add(bv.mul(a[ai + 3 * rowStep]));
            }
            x0.intoArray(c, c0 + j);
            x1.intoArray(c, c1 + j);
            x2.intoArray(c, c2 + j);
            x3.intoArray(c, c3 + j);
        }
        for (; j < n; j++) {
            float x0 = c[c0 + j];
            float x1 = c[c1 + j];
            float x2 = c[c2 + j];
            float x3 = c[c3 + j];
            for (int p = 0; p < k; p++) {
                float bv = b[bOff + p * ldb + j];
                int ai = a0 + p * colStep;
                x0 += a[ai] * bv;
                x1 += a[ai + rowStep] * bv;
                x2 += a[ai + 2 * rowStep] * bv;
                x3 += a[ai + 3 * rowStep] * bv;
            }
            c[c0 + j] = x0;
            c[c1 + j] = x1;
            c[c2 + j] = x2;
            c[c3 + j] = x3;
        }
    }

    private static void orderedRow(int n, int k, float[] a, int a0, int colStep, float[] b, int bOff, int ldb,
                                   float[] c, int c0) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector x = FloatVector.fromArray(S, c, c0 + j);
            for (int p = 0; p < k; p++) {
                x = x.add(FloatVector.fromArray(S, b, bOff + p * ldb + j).mul(a[a0 + p * colStep]));
            }
            x.intoArray(c, c0 + j);
        }
        for (; j < n; j++) {
            float x = c[c0 + j];
            for (int p = 0; p < k; p++) {
                x += a[a0 + p * colStep] * b[bOff + p * ldb + j];
            }
            c[c0 + j] = x;
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
