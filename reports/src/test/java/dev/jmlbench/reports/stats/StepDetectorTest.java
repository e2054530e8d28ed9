package dev.jmlbench.reports.stats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepDetectorTest {

    private static double[] noisy(int n, double level, double noise, Random rnd) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = level * (1 + noise * rnd.nextGaussian());
        }
        return y;
    }

    @Test
    void findsTheCommitWhereAThirtyPercentSlowdownLanded() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            double[] y = noisy(30, 1000, 0.05, rnd);
            for (int i = 17; i < y.length; i++) {
                y[i] /= 1.3;
            }
            List<StepDetector.Step> steps = StepDetector.detect(y);
            assertEquals(1, steps.size(), "trial " + trial + ": " + steps);
            assertEquals(17, steps.get(0).index(), "trial " + trial);
            assertEquals(1 / 1.3 - 1, steps.get(0).relativeChange(), 0.06, "trial " + trial);
        }
    }

    @Test
    void aNoisyFlatSeriesHasNoStepMostOfTheTime() {
        Random rnd = new Random(5);
        int withSteps = 0;
        for (int trial = 0; trial < 50; trial++) {
            if (!StepDetector.detect(noisy(40, 1000, 0.08, rnd)).isEmpty()) {
                withSteps++;
            }
        }
        assertTrue(withSteps <= 5, withSteps + " of 50 flat series had a step");
    }

    @Test
    void oneWildNightIsNotAStep() {
        Random rnd = new Random(2);
        double[] y = noisy(25, 1000, 0.03, rnd);
        y[12] = 400;
        assertEquals(List.of(), StepDetector.detect(y));
    }

    @Test
    void findsTwoStepsInARegressionAndItsFix() {
        double[] y = new double[24];
        Random rnd = new Random(9);
        for (int i = 0; i < y.length; i++) {
            y[i] = (i >= 8 && i < 16 ? 50 : 40) * (1 + 0.02 * rnd.nextGaussian());
        }
        List<StepDetector.Step> steps = StepDetector.detect(y);
        assertEquals(2, steps.size(), steps.toString());
        assertEquals(8, steps.get(0).index());
        assertEquals(16, steps.get(1).index());
    }

    @Test
    void shortOrBadSeriesAreHandled() {
        assertEquals(List.of(), StepDetector.detect(new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> StepDetector.detect(new double[] {1, Double.NaN, 2, 3}));
    }
}
