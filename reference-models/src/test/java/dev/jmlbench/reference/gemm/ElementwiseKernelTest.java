package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' element-wise helpers: {@code addScaled} is bit for bit the plain loop (the Dense layer's contract
 * rests on it), tanh and sigmoid stay within a few float ulps of the double-precision formulas, and every helper
 * honours offsets and lengths that are not multiples of the vector width; plus the GEMM path that reads B in
 * place, with offsets and leading dimensions.
 */
class ElementwiseKernelTest {

    private static List<GemmKernel> kernels() {
        List<GemmKernel> kernels = new ArrayList<>();
        kernels.add(Gemm.scalarKernel());
        if (Gemm.vectorKernel() != null) {
            kernels.add(Gemm.vectorKernel());
        }
        return kernels;
    }

    private static float[] random(int n, double scale, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    @Test
    void addScaledIsBitIdenticalToThePlainLoop() {
        for (GemmKernel kernel : kernels()) {
            for (int n : new int[] {0, 1, 7, 16, 33, 120, 401}) {
                float[] x = random(n + 5, 1, n);
                float[] y = random(n + 9, 1, n + 100);
                float[] expected = y.clone();
                float a = 0.37f;
                for (int i = 0; i < n; i++) {
                    expected[4 + i] += a * x[3 + i];
                }
                kernel.addScaled(a, x, 3, y, 4, n);
                for (int i = 0; i < y.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(y[i]),
                            kernel.describe() + " n=" + n + " at " + i);
                }
            }
        }
    }

    /** The rational tanh's documented bound: 7 ulp, 4.2e-7 absolute (sigmoid: half of it, absolute). */
    private static final double TANH_ABS = 4.3e-7;

    @Test
    void tanhAndSigmoidStayWithinAFewUlpsOfTheDoubleFormulas() {
        for (GemmKernel kernel : kernels()) {
            for (int n : new int[] {1, 15, 48, 67, 1000}) {
                float[] x = random(n + 2, 4, n);
                x[2] = 90f; // saturating values
                if (n > 1) {
                    x[3] = -90f;
                }
                float[] t = new float[n + 3];
                float[] s = new float[n + 3];
                kernel.tanh(x, 2, t, 3, n);
                kernel.sigmoid(x, 2, s, 3, n);
                for (int i = 0; i < n; i++) {
                    float v = x[2 + i];
                    float tanh = (float) Math.tanh(v);
                    float sigmoid = (float) (1 / (1 + Math.exp(-v)));
                    assertEquals(tanh, t[3 + i], Math.max(7 * Math.ulp(tanh), TANH_ABS) + 1e-30, kernel.describe()
                            + " tanh(" + v + ")");
                    assertEquals(sigmoid, s[3 + i], Math.max(4 * Math.ulp(sigmoid), TANH_ABS / 2) + 1e-30,
                            kernel.describe() + " sigmoid(" + v + ")");
                }
                assertEquals(0f, t[0]);
                assertEquals(0f, s[2]);
            }
        }
    }

    @Test
    void theRationalTanhGivesTheSameBitsOnVectorsAndScalars() {
        float[] x = random(1000, 6, 11);
        x[0] = 0.0001f;
        x[1] = -90f;
        x[2] = Float.NaN;
        float[] scalar = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            scalar[i] = RationalTanh.tanh(x[i]);
        }
        GemmKernel vector = Gemm.vectorKernel();
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "no Vector API in this JVM");
        float[] y = new float[x.length];
        vector.tanh(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(y[i]), "tanh(" + x[i] + ")");
        }
        // the worst error over a dense grid stays within the documented bound
        double worst = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            float v = i * 1e-4f;
            worst = Math.max(worst, Math.abs(RationalTanh.tanh(v) - (float) Math.tanh(v)));
        }
        assertTrue(worst <= 4.2e-7 + 1e-9, "worst |error| " + worst);
    }

    @Test
    void inPlaceTanhAndSigmoidOverwriteTheirInput() {
        for (GemmKernel kernel : kernels()) {
            float[] x = random(40, 2, 5);
            float[] expected = x.clone();
            for (int i = 0; i < 40; i++) {
                expected[i] = (float) Math.tanh(expected[i]);
            }
            kernel.tanh(x, 0, x, 0, 40);
            for (int i = 0; i < 40; i++) {
                assertEquals(expected[i], x[i], Math.max(7 * Math.ulp(expected[i]), TANH_ABS), kernel.describe());
            }
        }
    }

    @Test
    void bReadInPlaceHonoursOffsetsAndLeadingDimensions() {
        // C has few rows and B is not transposed: the vector kernel reads B where it lies
        int m = 13;
        int n = 70;
        int k = 300; // more than one inner block
        int lda = k + 3;
        int ldb = n + 5;
        int ldc = n + 2;
        float[] a = random(2 + m * lda, 1, 1);
        float[] b = random(7 + k * ldb, 1, 2);
        for (GemmKernel kernel : kernels()) {
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c = random(4 + m * ldc, 1, 3);
                float[] expected = c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = accumulate ? expected[4 + i * ldc + j] : 0;
                        for (int p = 0; p < k; p++) {
                            sum += (double) a[2 + i * lda + p] * b[7 + p * ldb + j];
                        }
                        expected[4 + i * ldc + j] = (float) sum;
                    }
                }
                Gemm.multiplyWith(kernel, 1, false, false, m, n, k, a, 2, lda, b, 7, ldb, c, 4, ldc, accumulate);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-3, kernel.describe() + " acc=" + accumulate + " at " + i);
                }
            }
        }
    }
}
