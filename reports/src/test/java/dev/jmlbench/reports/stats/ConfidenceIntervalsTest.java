package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidenceIntervalsTest {
    private static Measurement m(double value, Double error, Long samples, List<Double> raw) {
        return Measurement.of("t", "e", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .value(value, Names.UNIT_SAMPLES_PER_SECOND).error(error).samples(samples).rawScores(raw).build();
    }

    @Test
    void tIntervalFromRawScoresReproducesJmhsError() {
        // raw iteration scores and scoreError of a real JMH record (DJL, iris-logreg, batch 1): JMH's error is the
        // half-width of the 99.9% t interval, which the same computation must give
        List<Double> raw = List.of(12404.408686891396, 18176.051000799383, 16611.876795765573, 16360.258276126151,
                16648.639823369664);
        Measurement jmh = m(16040.246916590433, 8299.073167139617, 5L, raw);
        Interval i999 = ConfidenceIntervals.of(jmh, 0.999);
        assertEquals(Interval.Method.T_INTERVAL, i999.method());
        assertEquals(8299.073167139617, i999.halfWidth(), 1e-6);
        // the 95% interval: the standard error times t(0.975, 4)
        Interval i95 = ConfidenceIntervals.of(jmh);
        assertEquals(8299.073167139617 / 8.610302 * 2.776445, i95.halfWidth(), 1e-2);
        // the same from the error alone, without raw scores
        Interval fromError = ConfidenceIntervals.of(m(16040.246916590433, 8299.073167139617, 5L, null));
        assertEquals(Interval.Method.JMH_ERROR, fromError.method());
        assertEquals(i95.halfWidth(), fromError.halfWidth(), 1e-2);
        assertEquals(0.95, fromError.level());
    }

    @Test
    void errorWithoutSampleCountKeepsJmhsLevelAndNothingGivesAPoint() {
        Interval i = ConfidenceIntervals.of(m(100, 5.0, null, null));
        assertEquals(0.999, i.level());
        assertEquals(95, i.low(), 1e-12);
        Interval p = ConfidenceIntervals.of(m(100, null, null, null));
        assertFalse(p.known());
        assertEquals(0, p.halfWidth());
        assertFalse(ConfidenceIntervals.of(m(100, Double.NaN, 5L, null)).known());
    }

    @Test
    void manySkewedSamplesUseTheBootstrapReproducibly() {
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            raw.add(i < 27 ? 10.0 + i % 3 : 100.0 + i); // a long right tail
        }
        assertTrue(ConfidenceIntervals.skewness(raw) > 1);
        double mean = ConfidenceIntervals.mean(raw);
        Interval a = ConfidenceIntervals.of(m(mean, null, 30L, raw));
        Interval b = ConfidenceIntervals.of(m(mean, null, 30L, raw));
        assertEquals(Interval.Method.BOOTSTRAP, a.method());
        assertEquals(a, b, "fixed seed");
        assertTrue(a.low() < mean && mean < a.high());
        // right-skewed data: the upper side of the percentile interval is longer
        assertTrue(a.high() - mean > mean - a.low(), a.toString());
        assertFalse(a.symmetric());
        // few samples are never bootstrapped
        Interval few = ConfidenceIntervals.of(m(10, null, 5L, List.of(1.0, 1.0, 1.0, 1.0, 46.0)));
        assertEquals(Interval.Method.T_INTERVAL, few.method());
    }

    @Test
    void bootstrapOfSymmetricDataIsCloseToTheTInterval() {
        List<Double> raw = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            raw.add(r.nextDouble());
        }
        Interval boot = ConfidenceIntervals.bootstrapMean(raw, 0.95, 7, 10_000);
        Interval t = ConfidenceIntervals.tInterval(raw, 0.95);
        assertEquals(t.halfWidth(), boot.halfWidth(), 0.1 * t.halfWidth());
    }
}
