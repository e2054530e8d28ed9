package dev.jmlbench.datasets;

import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.TrainTestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticTest {

    @Test
    void blobsAreLabelledSyntheticDeterministicAndBalanced() {
        TrainTestData a = Synthetic.blobs(3, 5, 40, 10, 4.0, 9);
        TrainTestData b = Synthetic.blobs(3, 5, 40, 10, 4.0, 9);
        assertTrue(a.info().synthetic());
        assertTrue(a.info().id().startsWith("synthetic-"));
        assertTrue(a.info().source().startsWith("synthetic:"));
        assertArrayEquals(new int[] {40, 40, 40}, a.train().classCounts());
        assertTrue(Arrays.deepEquals(a.train().features(), b.train().features()));
    }

    @Test
    void addingProblemTargetIsTheSumOfTheTwoMarkedValues() {
        RegressionData d = Synthetic.addingProblem(50, 20, 1);
        for (int i = 0; i < d.size(); i++) {
            float sum = 0;
            int marks = 0;
            float[] x = d.features()[i];
            for (int t = 0; t < 20; t++) {
                if (x[2 * t + 1] == 1f) {
                    sum += x[2 * t];
                    marks++;
                }
            }
            assertEquals(2, marks);
            assertEquals(sum, d.targets()[i], 1e-6);
        }
    }

    @Test
    void copyTaskRepeatsItsSymbolsAfterTheDelimiter() {
        Synthetic.CopyTask c = Synthetic.copyTask(4, 5, 3, 8, 2);
        assertEquals(10, c.vocabularySize());
        for (int i = 0; i < 4; i++) {
            assertEquals(5 + 3 + 1 + 5, c.inputs()[i].length);
            assertArrayEquals(Arrays.copyOfRange(c.inputs()[i], 0, 5), c.targets()[i]);
            assertEquals(9, c.inputs()[i][8]);
        }
    }

    @Test
    void imagesHaveTheirSizeAndStayInRange() {
        TrainTestData d = Synthetic.images(4, 6, 7, 10, 5, 0.2, 3);
        assertEquals(42, d.train().numFeatures());
        for (float[] row : d.train().features()) {
            for (float v : row) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
        assertTrue(d.info().synthetic());
    }
}
