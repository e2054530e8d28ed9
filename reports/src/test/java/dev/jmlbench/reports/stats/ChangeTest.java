package dev.jmlbench.reports.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeTest {
    private static final double[] BEFORE = {100, 104, 98, 101};
    private static final double[] HALF = {50, 52, 49, 50.5};

    @Test
    void halfTheThroughputIsWorseAndHalfTheLatencyIsBetter() {
        Change throughput = Change.of(BEFORE, HALF, Direction.HIGHER_IS_BETTER, 0.95, 0.05);
        assertEquals(0.5, throughput.ratio(), 1e-9, "every replicate halved");
        assertTrue(throughput.low() < 0.5 && 0.5 < throughput.high(), throughput.toString());
        assertEquals(Verdict.SLOWER, throughput.verdict());
        assertEquals(RatioInterval.METHOD, throughput.method());
        assertEquals(4, throughput.nBefore());
        Change latency = Change.of(BEFORE, HALF, Direction.LOWER_IS_BETTER, 0.95, 0.05);
        assertEquals(Verdict.FASTER, latency.verdict(), "half the latency");
        assertEquals(Verdict.INCONCLUSIVE, Change.of(BEFORE, HALF, Direction.NEUTRAL, 0.95, 0.05).verdict());
    }

    @Test
    void aCentreMovesTheIntervalAndKeepsItsWidth() {
        Change own = Change.of(BEFORE, HALF, Direction.HIGHER_IS_BETTER, 0.95, 0.05);
        Change centred = Change.of(BEFORE, HALF, 0.6, Direction.HIGHER_IS_BETTER, 0.95, 0.05);
        assertEquals(0.6, centred.ratio(), 0);
        assertEquals(own.high() / own.low(), centred.high() / centred.low(), 1e-9);
        assertEquals(own.low() / own.ratio(), centred.low() / centred.ratio(), 1e-9);
    }

    @Test
    void noIntervalFromOneReplicateOrFromValuesThatAreNotPositive() {
        Change single = Change.of(new double[] {100}, new double[] {50}, Direction.HIGHER_IS_BETTER, 0.95, 0.05);
        assertFalse(single.tested());
        assertEquals(0.5, single.ratio(), 1e-12, "the point estimate is still given");
        assertEquals(RatioInterval.NO_INTERVAL, single.method());
        assertEquals(Verdict.INCONCLUSIVE, single.verdict(), "a point estimate is no verdict");
        Change zero = Change.of(new double[] {0, 1}, HALF, Direction.HIGHER_IS_BETTER, 0.95, 0.05);
        assertFalse(zero.tested());
        assertEquals(Change.NOT_POSITIVE, zero.method());
        assertTrue(Double.isNaN(zero.ratio()));
        assertEquals(Verdict.INCONCLUSIVE, zero.verdict());
    }

    @Test
    void aSmallChangeWithTightReplicatesIsEquivalent() {
        double[] after = {101, 103, 99, 102};
        assertEquals(Verdict.EQUIVALENT, Change.of(BEFORE, after, Direction.HIGHER_IS_BETTER, 0.95, 0.05).verdict());
    }
}
