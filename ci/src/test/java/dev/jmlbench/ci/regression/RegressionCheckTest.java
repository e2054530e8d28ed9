package dev.jmlbench.ci.regression;

import dev.jmlbench.ci.Fixtures;
import dev.jmlbench.ci.history.HistoryRecord;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.Direction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.jmlbench.ci.Fixtures.latency;
import static dev.jmlbench.ci.Fixtures.quality;
import static dev.jmlbench.ci.Fixtures.throughput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegressionCheckTest {
    private static final EnvironmentInfo HERE = Fixtures.env("aaaa", "AMD EPYC", 2);
    private static final RegressionCheck CHECK = new RegressionCheck(Thresholds.defaults());
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static Comparison compare(List<Measurement> base, List<Measurement> now) {
        return CHECK.compare(Baseline.of(Fixtures.run("base", HERE, base), "test baseline"),
                Fixtures.run("now", HERE, now));
    }

    private static Row only(Comparison c) {
        assertEquals(1, c.rows().size(), c.rows().toString());
        return c.rows().get(0);
    }

    @Test
    void aThroughputDropBeyondTheThresholdAndSignificantIsARegression() {
        Row r = only(compare(List.of(throughput("djl", 100, 101, 99, 100.5, 102)),
                List.of(throughput("djl", 77, 78, 76, 77.5, 79))));
        assertEquals(Row.Status.REGRESSION, r.status());
        assertEquals(Row.Confirmation.NOT_RUN, r.confirmation());
        assertTrue(r.failing());
        assertEquals(-0.23, r.change(), 0.01);
        // five forks a side, 1% spread: the ratio's interval lies entirely below 1/1.05
        assertEquals(dev.jmlbench.reports.stats.Verdict.SLOWER, r.significance().verdict());
        assertTrue(r.significance().high() < 0.8 && r.significance().low() > 0.74, r.significance().toString());
    }

    @Test
    void aThroughputRiseIsAnImprovementNotARegression() {
        Row r = only(compare(List.of(throughput("djl", 100, 101, 99, 100, 102)),
                List.of(throughput("djl", 130, 131, 129, 130, 132))));
        assertEquals(Row.Status.IMPROVEMENT, r.status());
        assertFalse(r.failing());
    }

    @Test
    void aLatencyRiseIsARegressionAndADropIsNot() {
        Row up = only(compare(List.of(latency("djl", 50, 51, 49)), List.of(latency("djl", 65, 66, 64))));
        assertEquals(Row.Status.REGRESSION, up.status(), up.toString());
        assertTrue(up.significance().test().startsWith(dev.jmlbench.reports.stats.RatioInterval.METHOD));
        Row down = only(compare(List.of(latency("djl", 50, 51, 49)), List.of(latency("djl", 35, 36, 34))));
        assertEquals(Row.Status.IMPROVEMENT, down.status());
    }

    @Test
    void stepTimeIsJudgedLikeTrainingTimeLowerIsBetterAndNeverGating() {
        Thresholds t = Thresholds.defaults();
        // without its own rule a time in seconds would be judged like latency (15%, gating when testable)
        assertEquals(t.ruleFor(Names.METRIC_TRAIN_TIME, Names.UNIT_SECONDS),
                t.ruleFor(Names.METRIC_STEP_TIME, Names.UNIT_SECONDS));
        assertEquals(Direction.LOWER_IS_BETTER, t.ruleFor(Names.METRIC_STEP_TIME, Names.UNIT_SECONDS).direction());
        assertFalse(t.ruleFor(Names.METRIC_STEP_TIME, Names.UNIT_SECONDS).gating());
    }

    @Test
    void aSpeedFigureFromOneForkCannotFailTheGateItOnlyWarns() {
        Row r = only(compare(List.of(throughput("djl", 100)), List.of(throughput("djl", 50))));
        assertEquals(Row.Status.WARNING, r.status(), r.toString());
        assertFalse(r.failing());
        assertTrue(r.note().contains("fewer than 2 forks"), r.note());
    }

    @Test
    void aChangeWithinTheThresholdIsUnchangedEvenWhenSignificant() {
        Row r = only(compare(List.of(throughput("djl", 100, 100.1, 99.9, 100, 100.2)),
                List.of(throughput("djl", 90, 90.1, 89.9, 90, 90.2))));
        assertEquals(Row.Status.UNCHANGED, r.status());
        assertTrue(r.significance().worse(), "clearly slower, but only -10%");
    }

    @Test
    void aLargeButNoisyChangeIsNotSignificant() {
        Row r = only(compare(List.of(throughput("dl4j", 100, 60, 140, 90, 110)),
                List.of(throughput("dl4j", 55, 130, 65, 95, 70))));
        assertTrue(r.change() < -0.15, r.toString());
        assertEquals(Row.Status.NOT_SIGNIFICANT, r.status());
        assertFalse(r.failing());
    }

    @Test
    void singleSampleMetricsWarnButNeverFail() {
        Comparison c = compare(List.of(quality("djl", Names.METRIC_TRAIN_TIME, 1.0, "s", true),
                        quality("djl", Names.METRIC_ACCURACY, 0.97, "fraction", true)),
                List.of(quality("djl", Names.METRIC_TRAIN_TIME, 2.0, "s", true),
                        quality("djl", Names.METRIC_ACCURACY, 0.93, "fraction", true)));
        assertEquals(List.of(Row.Status.WARNING, Row.Status.WARNING), c.rows().stream().map(Row::status).toList());
        assertFalse(c.failed());
    }

    @Test
    void theEpochTimesOfTheColdRunAreJudgedLikeItsTrainingTime() {
        // one cold sample each: a rise within 25% is no change (the 15% of an unnamed time metric would warn) and a
        // larger one warns without gating
        for (String metric : List.of(Names.METRIC_FIRST_EPOCH_TIME, Names.METRIC_EPOCH_TIME)) {
            Row within = only(compare(List.of(quality("djl", metric, 1.0, "s", true)),
                    List.of(quality("djl", metric, 1.2, "s", true))));
            assertEquals(Row.Status.UNCHANGED, within.status(), within.toString());
            Row beyond = only(compare(List.of(quality("djl", metric, 1.0, "s", true)),
                    List.of(quality("djl", metric, 1.3, "s", true))));
            assertEquals(Row.Status.WARNING, beyond.status(), beyond.toString());
            assertEquals("this metric warns, it does not gate", beyond.note());
            assertFalse(beyond.failing());
        }
    }

    @Test
    void belowTargetAndBrokenParityFailHardWithoutABaseline() {
        List<Measurement> now = List.of(quality("dl4j", Names.METRIC_ACCURACY, 0.5, "fraction", false),
                quality("djl", Names.METRIC_PARITY, 0.02, "probability", true),
                quality("tribuo", Names.METRIC_PARITY, 2e-6, "probability", true));
        RunResults run = Fixtures.run("now", HERE, now).plus(List.of(), List.of(new CellStatus("iris-logreg", "dl4j",
                "cpu", Names.STAGE_QUALITY, CellStatus.Status.BELOW_TARGET, "test accuracy 0.5 is below 0.9")));
        Comparison c = CHECK.compare(new Baseline("none", MachineClass.of(HERE), 0, java.util.Map.of()), run);
        assertTrue(c.failed());
        // the below-target cell (its quality figure is the same fact, not a second failure) and the parity
        assertEquals(2, c.hardFailures().size(), c.hardFailures().toString());
        assertTrue(c.hardFailures().stream().anyMatch(f -> f.contains("dl4j: below the quality target")));
        assertTrue(c.hardFailures().stream().anyMatch(f -> f.contains("djl: parity broken")), c.hardFailures()
                .toString());
        assertTrue(c.hardFailures().stream().noneMatch(f -> f.contains("tribuo")));
    }

    @Test
    void trainingParityBeyondToleranceIsANoteWhenTheForwardParityPassed() {
        List<Measurement> now = List.of(quality("djl", Names.METRIC_PARITY, 0.3, "probability", true));
        RunResults passed = Fixtures.run("now", HERE, now).plus(List.of(), List.of(new CellStatus("iris-logreg",
                "djl", "cpu", "parity", CellStatus.Status.OK, "")));
        Comparison c = CHECK.compare(new Baseline("none", MachineClass.of(HERE), 0, java.util.Map.of()), passed);
        assertTrue(c.hardFailures().isEmpty(), c.hardFailures().toString());
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("djl: after identical training")), c.notes().toString());
        RunResults failedForward = Fixtures.run("now", HERE, now).plus(List.of(), List.of(new CellStatus(
                "iris-logreg", "djl", "cpu", "parity", CellStatus.Status.FAILED, "layer 1 diverges")));
        Comparison f = CHECK.compare(new Baseline("none", MachineClass.of(HERE), 0, java.util.Map.of()),
                failedForward);
        assertTrue(f.hardFailures().stream().anyMatch(x -> x.contains("djl: parity broken")), f.hardFailures()
                .toString());
    }

    @Test
    void speedIsNotComparedAcrossMachineClasses() {
        RunResults base = Fixtures.run("base", Fixtures.env("a", "Intel Xeon", 4),
                List.of(throughput("djl", 200, 201, 199)));
        Comparison c = CHECK.compare(Baseline.of(base, "other machine"),
                Fixtures.run("now", HERE, List.of(throughput("djl", 100, 101, 99))));
        assertEquals(Row.Status.INCOMPARABLE, only(c).status());
        assertFalse(c.failed());
        assertTrue(c.notes().get(0).contains("Intel Xeon (") && c.notes().get(0).contains("4 logical cores"),
                c.notes().toString());
    }

    @Test
    void speedIsNotComparedAcrossProcessorsThatShareAModelName() {
        // a virtual machine names a Zen 4 and a Zen 5 "AMD EPYC" alike; their FMA rates differ twofold
        RunResults base = Fixtures.run("base", Fixtures.env("a", "AMD EPYC", "AuthenticAMD family 26 model 2"
                + " stepping 1", 2), List.of(throughput("djl", 200, 201, 199)));
        RunResults now = Fixtures.run("now", Fixtures.env("b", "AMD EPYC", "AuthenticAMD family 25 model 17"
                + " stepping 1", 2), List.of(throughput("djl", 100, 101, 99)));
        Comparison c = CHECK.compare(Baseline.of(base, "other processor"), now);
        assertEquals(Row.Status.INCOMPARABLE, only(c).status());
        assertFalse(c.failed());
        assertTrue(c.notes().get(0).contains("family 26") && c.notes().get(0).contains("family 25"),
                c.notes().toString());
        RunResults unknown = Fixtures.run("old", Fixtures.env("c", "AMD EPYC", EnvironmentInfo.UNKNOWN_CPU_ID, 2),
                List.of(throughput("djl", 200, 201, 199)));
        assertEquals(Row.Status.INCOMPARABLE, only(CHECK.compare(Baseline.of(unknown, "before identities were"
                + " recorded"), now)).status(), "a run without a CPU identity is not shown to be the same machine");
    }

    @Test
    void environmentParamsDoNotSplitCells() {
        Measurement a = throughput("djl", 100, 101, 99);
        Measurement b = Measurement.of(a.task(), a.engine(), a.scenario(), a.metric()).device(a.device())
                .params(java.util.Map.of(Names.PARAM_BATCH_SIZE, "30", Names.PARAM_THREADS, "1", Names.PARAM_JVM,
                        "OpenJDK 21", Names.PARAM_FORKS, "3")).value(a.value(), a.unit()).error(a.error())
                .samples(a.samples()).rawScores(a.rawScores()).quality(a.accuracy(), a.qualityMet()).build();
        assertEquals(Row.Status.UNCHANGED, only(compare(List.of(a), List.of(b))).status());
    }

    @Test
    void newAndMissingCellsAreReportedNotFailed() {
        Comparison c = compare(List.of(throughput("djl", 1, 2, 3)), List.of(throughput("tribuo", 1, 2, 3)));
        assertEquals(List.of(Row.Status.MISSING, Row.Status.NEW), c.rows().stream().map(Row::status).toList());
        assertFalse(c.failed());
    }

    @Test
    void theRollingMedianUsesOnlyTheSameMachineClassAndTheLastRuns() {
        List<HistoryRecord> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double level = i < 4 ? 50 : 100; // the four oldest runs fall out of a window of 8
            history.add(HistoryRecord.of(Fixtures.run("r" + i, HERE,
                    List.of(throughput("djl", level, level + 1, level - 1)))));
        }
        history.add(HistoryRecord.of(Fixtures.run("other", Fixtures.env("x", "Intel Xeon", 2),
                List.of(throughput("djl", 1, 1, 1)))));
        Baseline b = Baseline.rollingMedian(history, MachineClass.of(HERE), 8, "r11", "h").orElseThrow();
        assertEquals(8, b.runs());
        Figure f = b.figures().values().iterator().next();
        assertEquals(100, f.value(), 1e-9);
        assertEquals(8 * 3, f.samples().size(), "r3..r10 (r11 left out), samples pooled");
        assertTrue(Baseline.rollingMedian(history, new MachineClass("ARM", "implementer 0x41 part 0xd0c variant 0x3 revision 1", 8), 8, "", "h").isEmpty());
    }

    @Test
    void aConfirmedAlertFailsAndANoisyOneIsCleared() {
        Comparison alert = compare(List.of(throughput("djl", 100, 101, 99, 100, 102)),
                List.of(throughput("djl", 77, 78, 76, 77, 79)));
        Comparison confirmed = Confirmation.confirm(alert,
                keys -> List.of(throughput("djl", 76, 77, 78, 77, 76)), CHECK, QUIET);
        assertEquals(Row.Confirmation.CONFIRMED, only(confirmed).confirmation());
        assertTrue(confirmed.failed());
        Comparison cleared = Confirmation.confirm(alert,
                keys -> List.of(throughput("djl", 99, 100, 101, 100, 98)), CHECK, QUIET);
        assertEquals(Row.Confirmation.NOT_CONFIRMED, only(cleared).confirmation());
        assertFalse(cleared.failed());
        assertEquals(Row.Status.UNCHANGED, only(cleared).recheck().status());
    }

    /**
     * The machine got 25% faster between the first measurement and the re-run (as when another tenant left): the
     * slow candidate re-measured alone then looks like the stored baseline and a real regression is cleared. With
     * the baseline's code re-measured around it, the fresh pair shows the regression again.
     */
    @Test
    void aConfirmationWithTheBaselineRemeasuredIsNotFooledByTheMachineChanging() {
        Comparison alert = compare(List.of(throughput("djl", 100, 101, 99, 100, 102)),
                List.of(throughput("djl", 77, 78, 76, 77, 79)));
        Remeasurer candidateOnly = keys -> List.of(throughput("djl", 96, 97, 98, 97, 96));
        Comparison fooled = Confirmation.confirm(alert, candidateOnly, CHECK, QUIET);
        assertEquals(Row.Confirmation.NOT_CONFIRMED, only(fooled).confirmation());
        assertTrue(only(fooled).note().contains("stored baseline"), only(fooled).note());
        Remeasurer paired = new Remeasurer() {
            @Override
            public List<Measurement> remeasure(List<CellKey> cells) {
                throw new AssertionError("the paired re-run is used");
            }

            @Override
            public Remeasurement remeasureWithBaseline(List<CellKey> cells) {
                return new Remeasurement(List.of(throughput("djl", 96, 97, 98, 97, 96)),
                        List.of(throughput("djl", 125, 126, 124, 125, 125), throughput("djl", 124, 126, 125, 126, 124)));
            }
        };
        Comparison confirmed = Confirmation.confirm(alert, paired, CHECK, QUIET);
        assertEquals(Row.Confirmation.CONFIRMED, only(confirmed).confirmation());
        assertTrue(only(confirmed).note().contains("re-run of both"), only(confirmed).note());
        assertEquals(125, only(confirmed).recheck().baseline().value(), 1e-9, "judged against the fresh baseline");
        assertTrue(confirmed.failed());
    }

    @Test
    void anAlertThatCannotBeRemeasuredStillFails() {
        Comparison alert = compare(List.of(throughput("djl", 100, 101, 99, 100, 102)),
                List.of(throughput("djl", 77, 78, 76, 77, 79)));
        Comparison broken = Confirmation.confirm(alert, keys -> {
            throw new IllegalStateException("fork died");
        }, CHECK, QUIET);
        assertEquals(Row.Confirmation.NOT_REMEASURED, only(broken).confirmation());
        assertTrue(broken.failed());
        assertTrue(broken.notes().get(0).contains("fork died"));
        Comparison none = Confirmation.confirm(alert, keys -> List.of(), CHECK, QUIET);
        assertTrue(none.failed());
    }

    @Test
    void theRealRunComparedWithItselfIsUnchangedEverywhere() {
        RunResults real = Fixtures.quickRun();
        Comparison c = CHECK.compare(Baseline.of(real, "itself"), real);
        assertFalse(c.failed(), c.toString());
        assertTrue(c.rows().stream().allMatch(r -> r.status() == Row.Status.UNCHANGED
                || r.status() == Row.Status.INFO), c.rows().toString());
        assertTrue(c.rows().size() >= 40, "every cell of the real run is compared: " + c.rows().size());
        assertNull(c.rows().stream().filter(r -> r.status() == Row.Status.REGRESSION).findAny().orElse(null));
    }
}
