package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEMM against a plain triple loop in double precision, for every transpose combination and awkward sizes: through
 * the public entry point, and through each kernel this JVM has (scalar always, Vector API when the module is
 * present) with one and several threads.
 */
class GemmTest {

    private static float[] random(int size, SplittableRandom r) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    /** A multiply under test: the public entry point, or one kernel with a thread count. */
    private interface Multiply {
        void run(boolean ta, boolean tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c,
                 boolean acc);
    }

    private static List<GemmKernel> kernels() {
        List<GemmKernel> kernels = new ArrayList<>();
        kernels.add(Gemm.scalarKernel());
        if (Gemm.vectorKernel() != null) {
            kernels.add(Gemm.vectorKernel());
        }
        return kernels;
    }

    private static Multiply with(GemmKernel kernel, int threads) {
        return (ta, tb, m, n, k, a, lda, b, ldb, c, acc) ->
                Gemm.multiplyWith(kernel, threads, ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, acc);
    }

    private static void checkAgainstTripleLoop(Multiply multiply, int[][] sizes, String label) {
        SplittableRandom r = new SplittableRandom(1);
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
                        multiply.run(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c, acc);
                        for (int i = 0; i < m * n; i++) {
                            assertEquals(expected[i], c[i], 1e-4 * Math.sqrt(k) + 1e-5, label + ": m=" + m + " n="
                                    + n + " k=" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc + " element " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void matchesTheTripleLoopForEveryTransposeAndSize() {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 64, 64}, {65, 127, 31}, {130, 3, 257}, {1, 50, 60},
                {2, 9, 40}, {32, 3, 4}};
        checkAgainstTripleLoop((ta, tb, m, n, k, a, lda, b, ldb, c, acc) ->
                Gemm.multiply(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, acc), sizes, "Gemm.multiply");
    }

    @Test
    void everyKernelMatchesTheTripleLoopOnOneAndSeveralThreads() {
        // edges of micro-tiles (6 or 12 rows, 2 vectors; six rows left of a twelve-row panel take the six-row
        // kernel), of the inner block (KC for the vector kernel, 128 for the scalar one), empty inner dimension,
        // and slices split by rows (m >= n) and by columns (n > m)
        int[][] sizes = {{1, 1, 1}, {5, 3, 0}, {7, 17, 300}, {13, 70, 129}, {100, 37, 64}, {64, 64, 64},
                {65, 127, 31}, {130, 3, 257}, {8, 200, 40}, {6, 300, 25}, {18, 97, 33}, {4, 70, 150}};
        for (GemmKernel kernel : kernels()) {
            for (int threads : new int[] {1, 2, 3}) {
                checkAgainstTripleLoop(with(kernel, threads), sizes, kernel.describe() + ", " + threads + " threads");
            }
        }
    }

    @Test
    void everyKernelsDirectLoopMatchesTheTripleLoop() {
        // the unpacked path for tiny and thin products: rows shorter and longer than a vector, one or two rows
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {1, 120, 400}, {2, 37, 70}, {17, 33, 9}, {5, 3, 0}};
        for (GemmKernel kernel : kernels()) {
            checkAgainstTripleLoop((ta, tb, m, n, k, a, lda, b, ldb, c, acc) ->
                    kernel.multiplyDirect(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, acc), sizes,
                    kernel.describe() + ", direct loop");
        }
    }

    @Test
    void everyKernelsDotProductsMatchTheTripleLoop() {
        // blocks of eight rows of A, of four rows of A by two rows of B, their edges, a tail of the inner dimension
        // shorter than a vector
        int[][] sizes = {{1, 1, 1}, {6, 25, 1030}, {16, 150, 1100}, {5, 3, 1027}, {4, 2, 16}, {9, 7, 33},
                {14, 5, 40}};
        for (GemmKernel kernel : kernels()) {
            checkAgainstTripleLoop((ta, tb, m, n, k, a, lda, b, ldb, c, acc) -> {
                if (ta || !tb) {
                    Gemm.directLoop(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, acc);
                } else {
                    kernel.multiplyDots(m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, acc);
                }
            }, sizes, kernel.describe() + ", dot products");
        }
    }

    @Test
    void theOrderedProductIsThePlainLoopBitForBit() {
        // register blocks of four rows and two vectors, masked last columns, single last rows, both transposes,
        // accumulating and not; the plain i-p-j loop is the contract (the Dense layer's summation order)
        int[][] sizes = {{1, 1, 1}, {5, 3, 0}, {4, 32, 7}, {32, 120, 400}, {32, 84, 120}, {7, 10, 84}, {33, 47, 19},
                {400, 120, 32}};
        SplittableRandom r = new SplittableRandom(11);
        for (GemmKernel kernel : kernels()) {
            for (int[] s : sizes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (boolean acc : new boolean[] {false, true}) {
                            float[] a = random(m * k, r);
                            float[] b = random(k * n, r);
                            float[] c0 = random(m * n, r);
                            float[] expected = c0.clone();
                            float[] actual = c0.clone();
                            int lda = ta ? m : k;
                            int ldb = tb ? k : n;
                            Gemm.directLoop(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, expected, 0, n, acc);
                            kernel.multiplyOrdered(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, actual, 0, n, acc);
                            for (int i = 0; i < expected.length; i++) {
                                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                                        kernel.describe() + " m=" + m + " n=" + n + " k=" + k + " transA=" + ta
                                                + " transB=" + tb + " accumulate=" + acc + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void blocksLargerThanTheCachesAddUp() {
        // crosses the scalar kernel's 512-column block, both kernels' inner-dimension blocks, the vector kernel's
        // column block (a quarter of L2) and its row block (half of the L3 share; at most 1,536 rows)
        int[][] sizes = {{20, 530, 600}, {1600, 40, 530}};
        for (GemmKernel kernel : kernels()) {
            checkAgainstTripleLoop(with(kernel, 2), sizes, kernel.describe());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SplittableRandom r = new SplittableRandom(7);
        int k = 300;
        for (int[] mn : new int[][] {{190, 170}, {70, 410}}) { // split by rows, then by columns
            int m = mn[0];
            int n = mn[1];
            float[] a = random(m * k, r);
            float[] b = random(k * n, r);
            for (GemmKernel kernel : kernels()) {
                float[] one = new float[m * n];
                Gemm.multiplyWith(kernel, 1, false, true, m, n, k, a, 0, k, b, 0, k, one, 0, n, false);
                for (int threads : new int[] {2, 4}) {
                    float[] many = new float[m * n];
                    Gemm.multiplyWith(kernel, threads, false, true, m, n, k, a, 0, k, b, 0, k, many, 0, n, false);
                    assertArrayEquals(one, many, kernel.describe() + ", " + m + "x" + n + ": " + threads
                            + " threads vs 1");
                }
            }
        }
    }

    @Test
    void theVectorKernelIsChosenWhenTheJvmHasTheModule() {
        boolean hasModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean forcedScalar = "scalar".equalsIgnoreCase(System.getProperty(Gemm.KERNEL_PROPERTY, ""));
        if (hasModule && !forcedScalar && Gemm.vectorKernel() != null) {
            assertTrue(Gemm.kernel() == Gemm.vectorKernel(), Gemm.description());
            assertTrue(Gemm.description().startsWith("Vector API, "), Gemm.description());
        } else {
            assertTrue(Gemm.kernel() == Gemm.scalarKernel(), Gemm.description());
            assertTrue(Gemm.description().startsWith("scalar"), Gemm.description());
        }
        assertTrue(Gemm.description().contains(Gemm.threads() + (Gemm.threads() == 1 ? " thread" : " threads")),
                Gemm.description());
    }

    @Test
    void aJvmWithoutTheModuleFallsBackToScalar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PrintGemmDescription.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.startsWith("scalar"), output);
        assertTrue(output.contains("--add-modules=jdk.incubator.vector"), output);
    }

    @Test
    void offsetsAndLeadingDimensionsAddressSubMatrices() {
        // C[1..2][1..2] = A[0..1][1..3] * B[1..3][0..1] inside larger arrays
        float[] a = {0, 1, 2, 3, 0, 4, 5, 6};          // 2 x 4, use columns 1..3
        float[] b = {9, 9, 1, 0, 0, 1, 1, 1};          // 4 x 2, use rows 1..3
        for (GemmKernel kernel : kernels()) {
            float[] c = new float[16];                 // 4 x 4
            Gemm.multiplyWith(kernel, 2, false, false, 2, 2, 3, a, 1, 4, b, 2, 2, c, 5, 4, false);
            assertEquals(1 * 1 + 2 * 0 + 3 * 1, c[5]);
            assertEquals(1 * 0 + 2 * 1 + 3 * 1, c[6]);
            assertEquals(4 * 1 + 5 * 0 + 6 * 1, c[9]);
            assertEquals(4 * 0 + 5 * 1 + 6 * 1, c[10]);
            for (int i : new int[] {0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 14, 15}) {
                assertEquals(0f, c[i], kernel.describe() + " wrote outside the C sub-matrix at " + i);
            }
        }
        float[] c = new float[16];
        Gemm.multiply(false, false, 2, 2, 3, a, 1, 4, b, 2, 2, c, 5, 4, false);
        assertEquals(4, c[5]);
        assertEquals(0f, c[0]);
    }

    @Test
    void refusesNegativeSizesShortArraysAndThreadBudgets() {
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, -1, 1, 1, new float[1], 0, 1, new float[1], 0, 1, new float[1], 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setThreads(0));
        IllegalArgumentException shortB = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(4, 5, 6, new float[24], new float[29], new float[20]));
        assertTrue(shortB.getMessage().contains("operand B") && shortB.getMessage().contains("needs 30 elements")
                && shortB.getMessage().contains("has 29"), shortB.getMessage());
        IllegalArgumentException badLda = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(false, false, 4, 5, 6, new float[24], 0, 5, new float[30], 0, 5, new float[20], 0,
                        5, false));
        assertTrue(badLda.getMessage().contains("operand A") && badLda.getMessage().contains(">= 6"),
                badLda.getMessage());
    }
}
