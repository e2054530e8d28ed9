package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.suites.harness.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingCallsTest {
    @Test
    void aClassicLearnerWhoseFitTakesMinutesIsTimedWithOneWarmUpAndTwoMeasuredCallsPerForkAndATimeoutThatFitsACall() {
        // Tribuo's MNIST XGBoost: 159 s for its longest seed in the full run's quality stage
        TrainingCalls calls = TrainingCalls.of(Preset.FULL, false, 158.7);
        assertEquals(1, calls.warmupIterations());
        assertEquals(2, calls.measureIterations());
        assertEquals(318, calls.timeoutSeconds(), "twice the longest fit, rounded up");
        assertTrue(calls.explanation().contains("1 warm-up and 2 measured calls"), calls.explanation());
        assertTrue(calls.explanation().contains("up to 159 s"), calls.explanation());
        TrainingCalls almostTen = TrainingCalls.of(Preset.FULL, false, 599.0);
        assertEquals(1, almostTen.warmupIterations());
        assertEquals(1198, almostTen.timeoutSeconds());
    }

    @Test
    void aFitOfTenMinutesOrMoreIsTimedOnceAForkWithoutAWarmUpCall() {
        // Tribuo's MNIST forest: 2,002 s for its longest seed in the full run's quality stage
        TrainingCalls calls = TrainingCalls.of(Preset.FULL, false, 2001.8);
        assertEquals(0, calls.warmupIterations());
        assertEquals(1, calls.measureIterations());
        assertEquals(4004, calls.timeoutSeconds());
        assertTrue(calls.explanation().contains("0 warm-up and 1 measured calls"), calls.explanation());
        assertTrue(calls.explanation().contains("up to 2002 s"), calls.explanation());
        assertEquals(1, TrainingCalls.of(Preset.SMOKE, false, 600.0).measureIterations());
    }

    @Test
    void shortFitsNetworksAndCellsTheQualityStageDidNotTimeKeepThePresetsIterations() {
        for (TrainingCalls calls : List.of(TrainingCalls.of(Preset.FULL, false, 12.4),
                TrainingCalls.of(Preset.FULL, true, 515.0), TrainingCalls.of(Preset.FULL, false, null))) {
            assertEquals(Preset.FULL.warmupIterations(), calls.warmupIterations());
            assertEquals(Preset.FULL.measureIterations(), calls.measureIterations());
            assertEquals(TrainingCalls.DEFAULT_TIMEOUT_SECONDS, calls.timeoutSeconds());
            assertNull(calls.longFitSeconds());
            assertEquals("", calls.explanation());
        }
    }

    @Test
    void aLongFitNeverGetsMoreMeasuredCallsThanThePresetOrAShorterTimeoutThanTheDefault() {
        TrainingCalls calls = TrainingCalls.of(Preset.SMOKE, false, 61.0);
        assertEquals(1, calls.warmupIterations());
        assertEquals(Math.min(2, Preset.SMOKE.measureIterations()), calls.measureIterations());
        assertEquals(TrainingCalls.DEFAULT_TIMEOUT_SECONDS, calls.timeoutSeconds());
    }

    @Test
    void theLongestFitOfEachCellIsTakenOverItsSeedsFromTheQualityFiguresOnly() {
        Map<String, Double> fits = TrainingCalls.longestFits(List.of(
                figure("mnist-random-forest", "tribuo", null, Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME, 1494.1),
                figure("mnist-random-forest", "tribuo", "cpu", Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME, 2001.8),
                figure("mnist-random-forest", "tribuo", "cpu", Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME,
                        Double.NaN),
                figure("mnist-random-forest", "reference", "cpu", Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME,
                        27.8),
                figure("mnist-random-forest", "reference", "cpu", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY,
                        5000.0),
                figure("mnist-random-forest", "reference", "cpu", Names.SCENARIO_SCALING, Names.METRIC_TRAIN_TIME,
                        9000.0)));
        assertEquals(Map.of("mnist-random-forest/tribuo/cpu", 2001.8, "mnist-random-forest/reference/cpu", 27.8),
                fits);
    }

    private static Measurement figure(String task, String engine, String device, String scenario, String metric,
                                      double value) {
        return new Measurement(task, engine, device, scenario, Map.of(), metric, value, Names.UNIT_SECONDS, null, null,
                null, null, null, null, null, null);
    }
}
