package dev.jmlbench.reports.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mann-Whitney, Welch and Holm against published examples. */
class TestsTest {
    @Test
    void mannWhitneyCompletelySeparatedFiveAgainstFive() {
        // no overlap: U = 0, exact two-sided p = 2 / C(10, 5) = 2/252
        TestResult r = MannWhitney.test(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 10.0));
        assertEquals(0, r.statistic());
        assertEquals(2.0 / 252, r.p(), 1e-12);
        assertEquals("Mann-Whitney U (exact)", r.method());
        // and the other way round
        TestResult s = MannWhitney.test(List.of(6.0, 7.0, 8.0, 9.0, 10.0), List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertEquals(25, s.statistic());
        assertEquals(2.0 / 252, s.p(), 1e-12);
    }

    @Test
    void mannWhitneyHollanderWolfeExample() {
        // Hollander & Wolfe (1973), p. 69, as in R's ?wilcox.test: W = 35, one-sided p = 0.1272
        List<Double> x = List.of(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46);
        List<Double> y = List.of(1.15, 0.88, 0.90, 0.74, 1.21);
        TestResult r = MannWhitney.test(x, y);
        assertEquals(35, r.statistic());
        assertEquals(2 * 0.1272061272, r.p(), 1e-9);
    }

    @Test
    void mannWhitneyExactWithTiesCountsEverySplit() {
        // mid-ranks; the two-sided p is the share of all C(10, 5) = 252 splits at least as extreme: 54 / 252
        TestResult r = MannWhitney.test(List.of(1.0, 2.0, 2.0, 3.0, 4.0), List.of(2.0, 3.0, 3.0, 5.0, 6.0));
        assertEquals(6, r.statistic());
        assertEquals(54.0 / 252, r.p(), 1e-12);
    }

    @Test
    void mannWhitneyThreeAgainstThreeCanNeverBeSignificant() {
        TestResult r = MannWhitney.test(List.of(1.0, 2.0, 3.0), List.of(10.0, 20.0, 30.0));
        assertEquals(0.1, r.p(), 1e-12);
    }

    @Test
    void mannWhitneyLargeSamplesUseTheNormalApproximation() {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            a.add((double) i);
            b.add(i + 7.5);
        }
        TestResult r = MannWhitney.test(a, b);
        assertEquals("Mann-Whitney U (normal approximation)", r.method());
        // a_i > b_j iff i >= j + 8: U = 52 + 51 + ... + 1 = 1378; mu = 1800, sigma^2 = 3600 * 121 / 12 (no ties),
        // z = (422 - 0.5) / sqrt(36300); SciPy's mannwhitneyu(method="asymptotic") gives 0.026946
        assertEquals(1378, r.statistic());
        assertEquals(0.0269458562, r.p(), 1e-9);
    }

    @Test
    void identicalSamplesGiveP1() {
        TestResult r = MannWhitney.test(List.of(5.0, 5.0, 5.0), List.of(5.0, 5.0, 5.0));
        assertEquals(1.0, r.p(), 1e-12);
    }

    @Test
    void welchMatchesWikipediaExample1() {
        // Wikipedia, "Welch's t-test", example 1: t = -2.46, df = 24.99, p = 0.021
        List<Double> a1 = List.of(27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7,
                21.4);
        List<Double> a2 = List.of(27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5,
                24.4);
        TestResult r = WelchT.test(a1, a2);
        assertEquals(-2.4554, r.statistic(), 1e-4);
        assertEquals(0.02138, r.p(), 1e-5);
    }

    @Test
    void holmMatchesRsPAdjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}),
                1e-12);
        // untested pairs stay NaN and do not count
        double[] withNaN = Holm.adjust(new double[] {0.02, Double.NaN, 0.01});
        assertEquals(0.02, withNaN[0], 1e-12);
        assertTrue(Double.isNaN(withNaN[1]));
        assertEquals(0.02, withNaN[2], 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.7}), 1e-12);
    }
}
