package dev.jmlbench.reference.gemm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A timed loop (not a test): square sgemm at n = 512, 1024, 2048 on one thread against the FMA peak of
 * {@link FmaPeak}, measured in alternation in the same JVM, so that the ratio (the "% of peak") holds up on a
 * machine shared with other work better than either figure alone. Prints the median of several rounds.
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp core/target/classes:reference-models/target/classes:\
 *     reference-models/target/test-classes dev.jmlbench.reference.gemm.SgemmTiming [rounds]
 * </pre>
 */
public final class SgemmTiming {
    private SgemmTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Gemm.setThreads(1);
        System.out.println("# " + Gemm.description());
        float sink = 0;
        for (int i = 0; i < 2000; i++) {
            sink += FmaPeak.fmaLoop(20_000, i); // compiled before it is timed
        }
        for (int n : new int[] {512, 1024, 2048}) {
            float[] a = randomMatrix(n, n);
            float[] b = randomMatrix(n, n + 1);
            float[] c = new float[n * n];
            double flops = 2.0 * n * n * n;
            int reps = Math.max(1, (int) (2e9 / flops));
            long steps = 20_000_000L;
            double[] ratio = new double[rounds];
            double[] gemm = new double[rounds];
            double[] peak = new double[rounds];
            for (int round = -2; round < rounds; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    Gemm.multiply(n, n, n, a, b, c);
                }
                long t1 = System.nanoTime();
                sink += FmaPeak.fmaLoop(steps, round);
                long t2 = System.nanoTime();
                sink += c[round & 7];
                if (round >= 0) {
                    gemm[round] = flops * reps / (t1 - t0);
                    peak[round] = (double) FmaPeak.flopsPerStep() * steps / (t2 - t1);
                    ratio[round] = gemm[round] / peak[round];
                }
            }
            Arrays.sort(ratio);
            Arrays.sort(gemm);
            Arrays.sort(peak);
            System.out.printf(Locale.ROOT, "n=%4d  sgemm %6.1f GFLOP/s  FMA peak %6.1f GFLOP/s  ratio median %.3f"
                    + " (q1 %.3f, q3 %.3f, %d rounds)%n", n, gemm[rounds / 2], peak[rounds / 2], ratio[rounds / 2],
                    ratio[rounds / 4], ratio[(3 * rounds) / 4], rounds);
        }
        System.out.println("# " + sink);
    }

    /** An n x n matrix of uniform values in [-0.5, 0.5), the same for the same seed. */
    static float[] randomMatrix(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        return x;
    }
}
