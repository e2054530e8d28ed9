package dev.jmlbench.reference.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fused multiply-add limit as Java sees it: a loop of vector FMAs on registers that touches no
 * memory, with as many independent accumulators as the GEMM micro-kernel keeps (twelve, enough to hide the FMA
 * latency on current x86 cores). One call measures one thread; run it on every thread of the budget at once for
 * the multi-thread limit. The GEMM's GFLOP/s divided by this is its "% of peak".
 *
 * <p>Links against {@code jdk.incubator.vector}: use it only in a JVM started with
 * {@code --add-modules=jdk.incubator.vector} ({@code suites}' PeakFlopsBenchmark calls it reflectively).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 12;

    private FmaPeak() {
    }

    /** Floating-point operations of one step of {@link #fmaLoop}: 12 accumulators x lanes x 2 (multiply, add). */
    public static long flopsPerStep() {
        return 2L * ACCUMULATORS * S.length();
    }

    /** The vector shape the loop runs on, e.g. "256-bit (8 floats)". */
    public static String shape() {
        return S.vectorBitSize() + "-bit (" + S.length() + " floats)";
    }

    /**
     * Runs {@code steps} steps of twelve independent {@code acc = x * y + acc} vector FMAs and returns a value
     * that depends on all of them (so the JIT cannot drop the loop).
     */
    public static float fmaLoop(long steps, float seed) {
        // each step adds 2^-11 to every accumulator: exact, and bounded for any step count a benchmark uses
        FloatVector x = FloatVector.broadcast(S, 1f / 1024);
        FloatVector y = FloatVector.broadcast(S, 0.5f);
        FloatVector c0 = FloatVector.broadcast(S, seed);
        FloatVector c1 = c0.add(1f);
        FloatVector c2 = c0.add(2f);
        FloatVector c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f);
        FloatVector c5 = c0.add(5f);
        FloatVector c6 = c0.add(6f);
        FloatVector c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f);
        FloatVector c9 = c0.add(9f);
        FloatVector c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        for (long s = 0; s < steps; s++) {
            // multiplier.fma(multiplicand, accumulator), accumulator last, as in the GEMM micro-kernel
            c0 = x.fma(y, c0);
            c1 = x.fma(y, c1);
            c2 = x.fma(y, c2);
            c3 = x.fma(y, c3);
            c4 = x.fma(y, c4);
            c5 = x.fma(y, c5);
            c6 = x.fma(y, c6);
            c7 = x.fma(y, c7);
            c8 = x.fma(y, c8);
            c9 = x.fma(y, c9);
            c10 = x.fma(y, c10);
            c11 = x.fma(y, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
