package dev.jmlbench.ci.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MannWhitneyUTest {

    /** P(U <= observed) by enumerating every way of choosing which ranks belong to x: the definition. */
    private static double bruteForceLowerTail(double[] x, double[] y) {
        int m = x.length;
        int n = y.length;
        double[] all = new double[m + n];
        System.arraycopy(x, 0, all, 0, m);
        System.arraycopy(y, 0, all, m, n);
        double observed = MannWhitneyU.uStatistic(x, y);
        int total = 0;
        int atMost = 0;
        for (int mask = 0; mask < 1 << (m + n); mask++) {
            if (Integer.bitCount(mask) != m) {
                continue;
            }
            double[] a = new double[m];
            double[] b = new double[n];
            int ia = 0;
            int ib = 0;
            for (int i = 0; i < m + n; i++) {
                if ((mask & (1 << i)) != 0) {
                    a[ia++] = all[i];
                } else {
                    b[ib++] = all[i];
                }
            }
            total++;
            if (MannWhitneyU.uStatistic(a, b) <= observed + 1e-9) {
                atMost++;
            }
        }
        return (double) atMost / total;
    }

    @Test
    void completeSeparationGivesTheSmallestPossiblePValue() {
        assertEquals(1.0 / 20, MannWhitneyU.pLess(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 1e-12);
        assertEquals(1.0 / 252, MannWhitneyU.pLess(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}),
                1e-12);
        assertEquals(1.0, MannWhitneyU.pGreater(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 1e-12);
    }

    @Test
    void exactTailMatchesEnumerationOfEveryPermutation() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int m = 2 + rnd.nextInt(5);
            int n = 2 + rnd.nextInt(6);
            double[] x = rnd.doubles(m).map(v -> v + 0.3 * rnd.nextGaussian()).toArray();
            double[] y = rnd.doubles(n).toArray();
            assertEquals(bruteForceLowerTail(x, y), MannWhitneyU.pLess(x, y), 1e-12, "trial " + trial);
        }
    }

    @Test
    void normalApproximationIsCloseToTheExactTailForLargerSamples() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 10; trial++) {
            double[] x = rnd.doubles(30).map(v -> v - 0.1).toArray();
            double[] y = rnd.doubles(30).toArray();
            double u = MannWhitneyU.uStatistic(x, y);
            double exact = MannWhitneyU.exactLowerTail(30, 30, (int) u);
            double approx = MannWhitneyU.normalLowerTail(x, y, u);
            assertEquals(exact, approx, 0.005, "exact " + exact + " vs normal " + approx);
        }
    }

    @Test
    void identicalSamplesAreNoEvidence() {
        assertEquals(1.0, MannWhitneyU.pLess(new double[] {5, 5, 5}, new double[] {5, 5, 5}), 1e-12);
    }

    @Test
    void normalCdfMatchesKnownQuantiles() {
        assertEquals(0.5, MannWhitneyU.normalCdf(0), 1e-7);
        assertEquals(0.975, MannWhitneyU.normalCdf(1.959964), 1e-6);
        assertEquals(0.0005, MannWhitneyU.normalCdf(-3.290527), 1e-6);
    }

    @Test
    void emptyOrNaNSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MannWhitneyU.pLess(new double[0], new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MannWhitneyU.pLess(new double[] {1}, new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("second sample holds a NaN"), e.getMessage());
    }
}
