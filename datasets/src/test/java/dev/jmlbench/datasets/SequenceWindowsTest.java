package dev.jmlbench.datasets;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceWindowsTest {

    @Test
    void nextTokenWindowsLabelTheFollowingToken() {
        LabeledData d = SequenceWindows.nextToken(new int[] {0, 1, 2, 3, 4, 5, 6}, 3, 2, 7);
        // windows start at 0 and 2; one at 4 would need an 8th token as its label
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {0, 1, 2}, d.features()[0]);
        assertEquals(3, d.labels()[0]);
        assertArrayEquals(new float[] {2, 3, 4}, d.features()[1]);
        assertEquals(5, d.labels()[1]);
    }

    @Test
    void nextTokenWindowsNeverReadPastTheEnd() {
        LabeledData d = SequenceWindows.nextToken(new int[] {0, 1, 2, 3, 4, 5, 6}, 3, 1, 7);
        assertEquals(4, d.size());
        assertEquals(6, d.labels()[3]);
    }

    @Test
    void nextValueWindowsUseTheHorizon() {
        float[] s = {10, 11, 12, 13, 14, 15};
        RegressionData d = SequenceWindows.nextValue(s, 2, 3, 1);
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {10, 11}, d.features()[0]);
        assertEquals(14f, d.targets()[0]);
        assertEquals(15f, d.targets()[1]);
    }

    @Test
    void tooShortOrInvalidIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceWindows.nextValue(new float[] {1, 2}, 2, 1, 1));
        assertTrue(e.getMessage().contains("too short for a window of 2 and a horizon of 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceWindows.nextToken(new int[] {1, 2, 3}, 0, 1, 4));
    }
}
