package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioIntervalTest {
    /**
     * Reference values from SciPy 1.x, {@code scipy.stats.ttest_ind(log(a), log(b), equal_var=False)
     * .confidence_interval(0.95)}, exponentiated: an independent implementation of Welch's interval.
     */
    @Test
    void matchesScipysWelchIntervalOnLogs() {
        RatioInterval.Estimate e = RatioInterval.of(new double[] {43000, 41000, 45000}, new double[] {4100, 3900, 4300});
        assertEquals(10.488562462883884, e.ratio(), 1e-9);
        assertEquals(9.412643107398576, e.low(), 1e-6);
        assertEquals(11.687465601595605, e.high(), 1e-6);
        assertEquals(RatioInterval.METHOD, e.method());
        assertEquals(3, e.nA());
        assertEquals("10.5x (95% CI 9.41-11.7x)", e.text());
    }

    @Test
    void theInverseSwapsTheBounds() {
        RatioInterval.Estimate e = RatioInterval.of(new double[] {1, 1.1, 0.9}, new double[] {2, 2.2, 1.8}).inverse();
        assertEquals(2.0, e.ratio(), 1e-12);
        assertTrue(e.low() < 2 && e.high() > 2);
    }

    @Test
    void oneForkGivesARatioWithoutInterval() {
        RatioInterval.Estimate e = RatioInterval.of(new double[] {100}, new double[] {50, 51, 49});
        assertEquals(100 / Math.cbrt(50.0 * 51 * 49), e.ratio(), 1e-9);
        assertFalse(e.known());
        assertEquals(RatioInterval.NO_INTERVAL, e.method());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RatioInterval.of(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RatioInterval.of(new double[] {1, 0}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> RatioInterval.of(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }

    @Test
    void verdictsFollowTheIntervalAndTheMargin() {
        assertEquals(Verdict.FASTER, Verdict.of(1.06, 1.2, 0.05));
        assertEquals(Verdict.SLOWER, Verdict.of(0.5, 0.95, 0.05));
        assertEquals(Verdict.EQUIVALENT, Verdict.of(0.97, 1.04, 0.05));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(1.02, 1.2, 0.05), "straddles the upper margin");
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(0.9, 1.1, 0.05), "reaches beyond both margins");
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(Double.NaN, Double.NaN, 0.05), "no interval");
        assertEquals(Verdict.FASTER, Verdict.of(1.02, 1.2, 0.0), "a zero margin claims any excluded 1");
        assertThrows(IllegalArgumentException.class, () -> Verdict.of(1, 2, -0.1));
        assertEquals(Verdict.SLOWER, Verdict.ofWord("slower"));
        assertThrows(IllegalArgumentException.class, () -> Verdict.ofWord("better"));
    }

    private static Measurement figure(String engine, String scenario, String metric, List<Double> forks) {
        double mean = forks.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Measurement.of("t", engine, scenario, metric).params(Map.of(Names.PARAM_BATCH_SIZE, "1",
                Names.PARAM_FORKS, "3", Names.PARAM_JVM, engine + " JVM")).value(mean, "u").samples(9)
                .quality(0.9, true).forkMeans(forks).build();
    }

    @Test
    void everyPairOfEnginesIsComparedFasterFirstWhateverTheDirection() {
        List<Measurement> ms = List.of(
                figure("a", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, List.of(100.0, 101.0, 99.0)),
                figure("b", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, List.of(1000.0, 1010.0, 990.0)),
                figure("c", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, List.of(1001.0, 1011.0, 991.0)),
                figure("a", Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY, List.of(10.0, 10.1, 9.9)),
                figure("b", Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY, List.of(100.0, 101.0, 99.0)),
                figure("b", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY, List.of(0.9, 0.91, 0.89)),
                figure("a", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY, List.of(0.9, 0.91, 0.89)));
        List<EngineComparison> cs = EngineComparisons.of(ms);
        assertEquals(4, cs.size(), "3 throughput pairs, 1 latency pair, no quality figure: " + cs);
        EngineComparison ba = cs.get(0);
        assertEquals("b", ba.engineA());
        assertEquals("a", ba.engineB());
        assertEquals(EngineComparison.FASTER, ba.verdict());
        assertTrue(ba.statement().startsWith("b is 10.0x faster than a (95% CI "), ba.statement());
        assertEquals(3, ba.forksA());
        assertEquals(Map.of(Names.PARAM_BATCH_SIZE, "1"), ba.params(), "environment parameters are not the key");
        EngineComparison bc = cs.stream().filter(c -> c.engineB().equals("b") || c.engineA().equals("b"))
                .filter(c -> c.engineA().equals("c") || c.engineB().equals("c")).findFirst().orElseThrow();
        assertEquals(EngineComparison.EQUIVALENT, bc.verdict(), bc.statement());
        EngineComparison latency = cs.get(3);
        assertEquals("a", latency.engineA(), "lower latency is faster");
        assertEquals(10.0, latency.ratio(), 0.01);
        assertEquals(EngineComparison.FASTER, latency.verdict());
    }
}
