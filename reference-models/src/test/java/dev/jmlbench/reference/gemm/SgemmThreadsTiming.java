package dev.jmlbench.reference.gemm;

import java.util.Arrays;
import java.util.Locale;

/**
 * A timed loop (not a test): square sgemm at n = 512, 1024, 2048 on one thread and on two, alternating in one JVM,
 * with the median ratio of several rounds (the target: two threads at least 1.7x one).
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp core/target/classes:reference-models/target/classes:\
 *     reference-models/target/test-classes dev.jmlbench.reference.gemm.SgemmThreadsTiming [rounds]
 * </pre>
 */
public final class SgemmThreadsTiming {
    private SgemmThreadsTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        for (int n : new int[] {512, 1024, 2048}) {
            float[] a = SgemmTiming.randomMatrix(n, n);
            float[] b = SgemmTiming.randomMatrix(n, n + 1);
            float[] c = new float[n * n];
            double flops = 2.0 * n * n * n;
            int reps = Math.max(1, (int) (3e9 / flops));
            double[] one = new double[rounds];
            double[] two = new double[rounds];
            double[] ratio = new double[rounds];
            for (int round = -2; round < rounds; round++) {
                Gemm.setThreads(1);
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    Gemm.multiply(n, n, n, a, b, c);
                }
                long t1 = System.nanoTime();
                Gemm.setThreads(2);
                for (int i = 0; i < reps; i++) {
                    Gemm.multiply(n, n, n, a, b, c);
                }
                long t2 = System.nanoTime();
                if (round >= 0) {
                    one[round] = flops * reps / (t1 - t0);
                    two[round] = flops * reps / (t2 - t1);
                    ratio[round] = two[round] / one[round];
                }
            }
            Arrays.sort(one);
            Arrays.sort(two);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "n=%4d  1 thread %6.1f GFLOP/s  2 threads %6.1f GFLOP/s  ratio median %.2f"
                    + " (min %.2f, max %.2f, %d rounds)%n", n, one[rounds / 2], two[rounds / 2], ratio[rounds / 2],
                    ratio[0], ratio[rounds - 1], rounds);
        }
    }
}
