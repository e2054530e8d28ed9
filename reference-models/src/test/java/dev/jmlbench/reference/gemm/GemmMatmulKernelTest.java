package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matmul capability: computes the product of copies of its operands, and its check can fail. */
class GemmMatmulKernelTest {

    @Test
    void computesTheProductOfTheOperandsAsGiven() {
        int n = 70;
        SplittableRandom r = new SplittableRandom(3);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
        float[] expected = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    sum += (double) a[i * n + p] * b[p * n + j];
                }
                expected[i * n + j] = (float) sum;
            }
        }
        try (GemmMatmulKernel kernel = new GemmMatmulKernel(n, a, b)) {
            a[0] = 1000; // the kernel works on its own copy
            assertEquals(n, kernel.size());
            assertEquals(2.0 * n * n * n, kernel.flops());
            assertTrue(kernel.maxAbsDiff(expected) > 0.1, "nothing computed yet, C is zero");
            kernel.run();
            assertTrue(kernel.maxAbsDiff(expected) < 1e-4, "max difference " + kernel.maxAbsDiff(expected));
            expected[5] = Float.NaN;
            assertTrue(Double.isNaN(kernel.maxAbsDiff(expected)));
        }
    }

    @Test
    void refusesOperandsOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> new GemmMatmulKernel(0, new float[0], new float[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GemmMatmulKernel(3, new float[9], new float[8]));
        assertTrue(e.getMessage().contains("9 values"), e.getMessage());
    }
}
