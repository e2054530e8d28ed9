package dev.jmlbench.suites.jmh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A throughput fork cycles through enough distinct examples that a tree model's paths do not all stay in cache. */
class ThroughputInputsTest {

    @Test
    void smallBatchesCycleThroughAtLeast256ExamplesAndLargeOnesThrough16Batches() {
        // MNIST's test split: 10,000 rows
        assertEquals(256, InferenceBenchmark.batchCount(10_000, 1));
        assertEquals(32, InferenceBenchmark.batchCount(10_000, 8), "32 batches of 8: 256 examples");
        assertEquals(16, InferenceBenchmark.batchCount(10_000, 32), "16 batches of 32 are already 512 examples");
        assertEquals(16, InferenceBenchmark.batchCount(10_000, 128));
        assertEquals(26, InferenceBenchmark.batchCount(10_000, 10), "ceil(256 / 10) batches");
        for (int batch : new int[] {1, 2, 3, 7, 8, 32, 100, 128}) {
            int count = InferenceBenchmark.batchCount(10_000, batch);
            assertTrue(count >= 16 && count * batch >= InferenceBenchmark.MIN_CYCLED_EXAMPLES,
                    "batch " + batch + ": " + count + " batches");
        }
    }

    @Test
    void aSmallTestSplitLimitsTheCycleButGivesAtLeastOneBatch() {
        assertEquals(30, InferenceBenchmark.batchCount(30, 1), "iris: 30 test rows");
        assertEquals(3, InferenceBenchmark.batchCount(30, 8));
        assertEquals(1, InferenceBenchmark.batchCount(30, 32), "a batch larger than the split still runs");
        assertEquals(1, InferenceBenchmark.batchCount(0, 32));
    }
}
