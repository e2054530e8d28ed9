package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.MatmulKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix multiply kernel for roofline calibration: a real product, no memory held between runs, bad sizes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlMatmulTest {
    private Engine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private static float[] matrix(int n, long seed) {
        float[][] rows = DjlTasks.randomRows(n, n, seed);
        float[] m = new float[n * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows[r], 0, m, r * n, n);
        }
        return m;
    }

    @Test
    void computesTheProductOfItsMatrices() {
        int n = 67; // not a multiple of any vector width
        float[] a = matrix(n, 1);
        float[] b = matrix(n, 2);
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += (double) a[i * n + k] * b[k * n + j];
                }
                c[i * n + j] = (float) s;
            }
        }
        try (MatmulKernel kernel = engine.matmul(n, a, b).orElseThrow()) {
            assertEquals(n, kernel.size());
            assertEquals(2.0 * n * n * n, kernel.flops());
            kernel.run();
            double diff = kernel.maxAbsDiff(c);
            assertTrue(diff < 1e-4, "max |C - A B| = " + diff);
            c[5] += 1;
            assertTrue(kernel.maxAbsDiff(c) > 0.99, "a wrong expected value must show");
        }
    }

    @Test
    void runsHoldNoArraysAndReportTheirSpeed() {
        int n = 512;
        try (MatmulKernel kernel = engine.matmul(n, matrix(n, 3), matrix(n, 4)).orElseThrow()) {
            DjlMatmulKernel djl = (DjlMatmulKernel) kernel;
            kernel.run();
            int arrays = djl.liveArrays();
            int runs = 40;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                kernel.run();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(arrays, djl.liveArrays(), "arrays held by the kernel after " + runs + " runs");
            System.out.printf("[djl matmul] n=%d: %.1f GFLOP/s (1 thread, %d runs)%n", n,
                    runs * kernel.flops() / seconds / 1e9, runs);
        }
    }

    @Test
    void rejectsMatricesOfTheWrongSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.matmul(3, new float[9], new float[8]));
        assertEquals("matmul of size 3 needs 9 values per matrix, got 9 (a) and 8 (b)", e.getMessage());
    }
}
