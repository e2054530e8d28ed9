package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first epoch's time and the steady-state time per epoch, derived from a training curve's cumulative elapsed
 * seconds, and recorded by the quality stage beside the curve.
 */
class EpochTimesTest {
    @Test
    void theFirstEpochIsTheFirstElapsedValueAndTheSteadyStateTheMedianOfTheLaterEpochs() {
        EpochTimes t = EpochTimes.of(List.of(3.0, 4.0, 5.1, 6.0));
        assertEquals(3.0, t.firstEpoch(), 1e-12);
        assertEquals(1.0, t.steadyEpoch(), 1e-12); // median of 1.0, 1.1, 0.9
        // an even count: the mean of the middle two (durations 1, 2, 4, 8)
        assertEquals(3.0, EpochTimes.of(List.of(10.0, 11.0, 13.0, 17.0, 25.0)).steadyEpoch(), 1e-12);
        // one slow later epoch (a GC pause) does not move the median
        assertEquals(1.0, EpochTimes.of(List.of(5.0, 6.0, 7.0, 17.0, 18.0)).steadyEpoch(), 1e-12);
    }

    @Test
    void oneEpochHasNoSteadyState() {
        EpochTimes t = EpochTimes.of(List.of(2.5));
        assertEquals(2.5, t.firstEpoch(), 1e-12);
        assertNull(t.steadyEpoch());
        assertNull(EpochTimes.of(List.of()).firstEpoch());
        assertNull(EpochTimes.of(null).steadyEpoch());
    }

    @Test
    void missingOrBrokenValuesAreLeftOut() {
        EpochTimes noFirst = EpochTimes.of(Arrays.asList(Double.NaN, 4.0, 5.5));
        assertNull(noFirst.firstEpoch());
        assertEquals(1.5, noFirst.steadyEpoch(), 1e-12, "the epochs after a missing value still count");
        // a null in the middle: neither epoch touching it is known, the others are
        EpochTimes gap = EpochTimes.of(Arrays.asList(3.0, 4.0, null, 7.0, 9.0));
        assertEquals(3.0, gap.firstEpoch(), 1e-12);
        assertEquals(1.5, gap.steadyEpoch(), 1e-12); // durations 1.0 and 2.0
        assertNull(EpochTimes.of(Arrays.asList(3.0, Double.POSITIVE_INFINITY)).steadyEpoch());
        assertNull(EpochTimes.of(List.of(-1.0)).firstEpoch());
        assertNull(EpochTimes.of(List.of(3.0, 2.0)).steadyEpoch(), "a clock that went back is no duration");
    }

    @Test
    void theQualityStageRecordsBothBesideTheElapsedCurve(@TempDir Path dir) throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        RunSettings settings = new RunSettings(dir, List.of(task.id()), List.of(), 1, Preset.SMOKE, dir,
                RunSettings.DEFAULT_MARGIN, Shard.ALL, List.of(Names.DEVICE_CPU));
        try (Engine engine = Engines.find("reference").open(new EngineConfig(1, dir))) {
            RunResults empty = new RunResults(RunResults.SCHEMA_VERSION, "t", null, List.of(), List.of(task),
                    List.of(), List.of(), List.of());
            RunResults r = new QualityCells(settings, System.err).run(empty, engine, "reference", task,
                    TaskData.load(task));
            Measurement elapsed = only(r, Names.SCENARIO_TRAINING_CURVE, Names.METRIC_ELAPSED);
            List<Double> series = elapsed.rawScores();
            assertTrue(series.size() >= 2, "the task trains several epochs: " + series);
            Measurement first = only(r, Names.SCENARIO_QUALITY, Names.METRIC_FIRST_EPOCH_TIME);
            Measurement steady = only(r, Names.SCENARIO_QUALITY, Names.METRIC_EPOCH_TIME);
            assertEquals(series.get(0), first.value(), 0.0);
            List<Double> durations = new ArrayList<>();
            for (int i = 1; i < series.size(); i++) {
                durations.add(series.get(i) - series.get(i - 1));
            }
            durations.sort(null);
            int n = durations.size();
            double median = n % 2 == 1 ? durations.get(n / 2) : (durations.get(n / 2 - 1) + durations.get(n / 2)) / 2;
            assertEquals(median, steady.value(), 1e-12);
            assertEquals(Names.UNIT_SECONDS, first.unit());
            assertEquals(Names.UNIT_SECONDS, steady.unit());
            Measurement total = only(r, Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME);
            assertTrue(first.value() <= total.value(), first.value() + " <= " + total.value());
            assertEquals(total.params(), first.params(), "the same cell and seed as the training time");
        }
    }

    private static Measurement only(RunResults r, String scenario, String metric) {
        List<Measurement> ms = r.measurements().stream()
                .filter(m -> m.scenario().equals(scenario) && m.metric().equals(metric)).toList();
        assertEquals(1, ms.size(), scenario + "/" + metric + ": " + ms);
        return ms.get(0);
    }
}
