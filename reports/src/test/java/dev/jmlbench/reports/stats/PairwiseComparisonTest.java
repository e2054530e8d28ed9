package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairwiseComparisonTest {
    private static Measurement latency(String engine, List<Double> raw) {
        return new Measurement("t", engine, "cpu", Names.SCENARIO_INFERENCE_LATENCY, Map.of(), Names.METRIC_LATENCY,
                ConfidenceIntervals.mean(raw), Names.UNIT_MICROS, null, (long) raw.size(), null, raw, null, null, null);
    }

    @Test
    void lowerLatencyWinsOnlyWhenSignificantAfterHolm() {
        Measurement fast = latency("a", List.of(1.0, 1.1, 1.2, 1.3, 1.4));
        Measurement slow = latency("b", List.of(2.0, 2.1, 2.2, 2.3, 2.4));
        Measurement slower = latency("c", List.of(3.0, 3.1, 3.2, 3.3, 3.4));
        PairwiseComparison.Ranking r = PairwiseComparison.rank(List.of(slower, fast, slow), Direction.LOWER_IS_BETTER);
        assertEquals(List.of(fast, slow, slower), r.ordered());
        assertEquals(3, r.pairs().size());
        // each raw p is 2/252; Holm multiplies the smallest by 3: 0.0238 < 0.05
        assertEquals(3 * 2.0 / 252, r.top().orElseThrow().adjustedP(), 1e-12);
        assertTrue(r.winnerSignificant());
        assertEquals(r.pairs().get(2), r.pair(1, 2));
        assertEquals("c", r.pair(1, 2).b().engine());
    }

    @Test
    void overlappingSamplesAreNotRanked() {
        Measurement a = latency("a", List.of(1.0, 1.5, 2.0, 2.5, 3.0));
        Measurement b = latency("b", List.of(1.2, 1.6, 2.1, 2.4, 3.1));
        PairwiseComparison.Ranking r = PairwiseComparison.rank(List.of(a, b), Direction.LOWER_IS_BETTER);
        assertFalse(r.winnerSignificant());
        assertTrue(r.top().orElseThrow().adjustedP() > 0.5);
    }

    @Test
    void withoutRawScoresWelchFromJmhsSummaryIsUsed() {
        Measurement a = new Measurement("t", "a", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT, Map.of(),
                Names.METRIC_THROUGHPUT, 1000, Names.UNIT_SAMPLES_PER_SECOND, 10.0, 5L, null, null, null, null, null);
        Measurement b = new Measurement("t", "b", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT, Map.of(),
                Names.METRIC_THROUGHPUT, 500, Names.UNIT_SAMPLES_PER_SECOND, 10.0, 5L, null, null, null, null, null);
        TestResult t = PairwiseComparison.test(a, b);
        assertTrue(t.method().startsWith("Welch"), t.method());
        assertTrue(t.p() < 1e-6);
        Measurement bare = new Measurement("t", "c", "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT, Map.of(),
                Names.METRIC_THROUGHPUT, 10, Names.UNIT_SAMPLES_PER_SECOND, null, null, null, null, null, null, null);
        assertFalse(PairwiseComparison.test(a, bare).tested());
        PairwiseComparison.Ranking r = PairwiseComparison.rank(List.of(bare, a), Direction.HIGHER_IS_BETTER);
        assertFalse(r.winnerSignificant());
    }

    @Test
    void directionsOfKnownMetrics() {
        assertEquals(Direction.HIGHER_IS_BETTER, Direction.of(Names.METRIC_THROUGHPUT));
        assertEquals(Direction.LOWER_IS_BETTER, Direction.of(Names.METRIC_LATENCY));
        assertEquals(Direction.LOWER_IS_BETTER, Direction.of(Names.METRIC_RMSE));
        assertEquals(Direction.HIGHER_IS_BETTER, Direction.of(Names.METRIC_R2));
        assertEquals(Direction.NEUTRAL, Direction.of(Names.METRIC_MODEL_SIZE));
    }
}
