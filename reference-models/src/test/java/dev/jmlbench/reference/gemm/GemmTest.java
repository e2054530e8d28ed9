package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GEMM against a plain triple loop in double precision, for every transpose combination and awkward sizes. */
class GemmTest {

    private static float[] random(int size, SplittableRandom r) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void matchesTheTripleLoopForEveryTransposeAndSize() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 64, 64}, {65, 127, 31}, {130, 3, 257}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (boolean acc : new boolean[] {false, true}) {
                        float[] a = random(m * k, r);
                        float[] b = random(k * n, r);
                        float[] c = random(m * n, r);
                        double[] expected = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sum = acc ? c[i * n + j] : 0;
                                for (int p = 0; p < k; p++) {
                                    double av = ta ? a[p * m + i] : a[i * k + p];
                                    double bv = tb ? b[j * k + p] : b[p * n + j];
                                    sum += av * bv;
                                }
                                expected[i * n + j] = sum;
                            }
                        }
                        Gemm.multiply(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, acc);
                        for (int i = 0; i < m * n; i++) {
                            assertEquals(expected[i], c[i], 1e-4 * Math.sqrt(k) + 1e-5,
                                    "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void offsetsAndLeadingDimensionsAddressSubMatrices() {
        // C[1..2][1..2] = A[0..1][1..3] * B[1..3][0..1] inside larger arrays
        float[] a = {0, 1, 2, 3, 0, 4, 5, 6};          // 2 x 4, use columns 1..3
        float[] b = {9, 9, 1, 0, 0, 1, 1, 1};          // 4 x 2, use rows 1..3
        float[] c = new float[16];                     // 4 x 4
        Gemm.multiply(false, false, 2, 2, 3, a, 1, 4, b, 2, 2, c, 5, 4, false);
        assertEquals(1 * 1 + 2 * 0 + 3 * 1, c[5]);
        assertEquals(1 * 0 + 2 * 1 + 3 * 1, c[6]);
        assertEquals(4 * 1 + 5 * 0 + 6 * 1, c[9]);
        assertEquals(4 * 0 + 5 * 1 + 6 * 1, c[10]);
        assertEquals(0f, c[0]);
    }

    @Test
    void refusesNegativeSizesAndThreadBudgets() {
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, -1, 1, 1, new float[1], 0, 1, new float[1], 0, 1, new float[1], 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setThreads(0));
    }
}
