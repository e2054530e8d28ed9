package dev.jmlbench.ci.regression;

import dev.jmlbench.ci.Fixtures;
import dev.jmlbench.ci.history.HistoryRecord;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof by injection on simulated runs whose noise is fitted to the real JMH iteration scores of this machine
 * ({@link NoiseModel}): the same code compared with itself must not fail the gate, and one engine made 30% slower
 * must. Both comparison modes of the gate are exercised (a single baseline run, as a pull request compares with
 * its base commit; and the rolling median of ten history runs, as the nightly run does), each time with the
 * confirmation re-run. Run it with {@code -Djmlbench.injection.trials=N} for more trials; it prints the rates.
 */
class NoiseInjectionTest {
    private static final int TRIALS = Integer.getInteger("jmlbench.injection.trials", 100);
    /** The noisier-machine survey is informational: fewer trials unless more are asked for. */
    private static final boolean SURVEY = Boolean.getBoolean("jmlbench.injection.survey");
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** Fraction of trials in which the gate failed; with {@code slowEngine}, only failures on that engine count. */
    private static double failureRate(NoiseModel model, boolean history, String slowEngine, long seed) {
        return failureRate(model, history ? 10 : 1, history, slowEngine, seed);
    }

    /** As above, with {@code baseRuns} runs of the base code behind a non-history baseline. */
    private static double failureRate(NoiseModel model, int baseRuns, boolean history, String slowEngine,
                                      long seed) {
        Random rnd = new Random(seed);
        RegressionCheck check = new RegressionCheck(Thresholds.defaults());
        Map<String, Double> slow = slowEngine == null ? Map.of() : Map.of(slowEngine, 1.3);
        int failed = 0;
        for (int t = 0; t < TRIALS; t++) {
            Baseline baseline;
            if (history) {
                List<HistoryRecord> runs = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    runs.add(HistoryRecord.of(model.run(rnd, Map.of())));
                }
                baseline = Baseline.rollingMedian(runs, MachineClass.of(runs.get(0).environment()), 10, "", "sim")
                        .orElseThrow();
            } else {
                List<RunResults> base = new ArrayList<>();
                for (int i = 0; i < baseRuns; i++) {
                    base.add(model.run(rnd, Map.of()));
                }
                baseline = Baseline.of(base, "simulated base run(s)");
            }
            RunResults candidate = model.run(rnd, slow);
            Comparison c = Confirmation.confirm(check.compare(baseline, candidate),
                    keys -> model.run(rnd, slow).measurements(), check, QUIET);
            boolean counted = slowEngine == null ? c.failed()
                    : c.rows().stream().anyMatch(r -> r.failing() && r.key().engine().equals(slowEngine));
            failed += counted ? 1 : 0;
        }
        return (double) failed / TRIALS;
    }

    private static void report(String what, double rate) {
        System.out.printf(Locale.ROOT, "[injection] %s: %.1f%% of %d trials%n", what, rate * 100, TRIALS);
    }

    @Test
    void theNoiseModelIsFittedToTheRealIterations() {
        NoiseModel model = new NoiseModel(Fixtures.quickRun(), 0.05, 0.05);
        double spread = model.largestIterationSpread();
        System.out.printf(Locale.ROOT, "[injection] largest within-run coefficient of variation of a real cell:"
                + " %.1f%%%n", spread * 100);
        assertTrue(spread > 0.10 && spread < 0.30, "the real DL4J iterations spread by " + spread);
    }

    /**
     * A pull request: base and head measured back to back on one runner, so the machine-wide factor is nearly
     * shared (2%), each fresh JVM adds its own 5% per cell; the head is compared with the single base run.
     */
    @Test
    void pullRequestModeSameCodeIsNotFlaggedAndASlowerEngineIsCaught() {
        NoiseModel model = new NoiseModel(Fixtures.quickRun(), 0.02, 0.05);
        double falseAlarms = failureRate(model, false, null, 1);
        report("false alarms, no change, vs one base run, run noise 2% machine + 5% per cell", falseAlarms);
        assertTrue(falseAlarms <= 0.10, "false-alarm rate " + falseAlarms);
        double twoBaseRuns = failureRate(model, 2, false, null, 1);
        report("false alarms, no change, vs two base runs, run noise 2% machine + 5% per cell", twoBaseRuns);
        assertTrue(twoBaseRuns <= 0.05, "false-alarm rate with two base runs " + twoBaseRuns);
        for (String engine : List.of("reference", "dl4j", "djl", "tribuo")) {
            double caught = failureRate(model, false, engine, 2);
            report(engine + " 30% slower caught, vs one base run", caught);
            assertTrue(caught >= 0.90, engine + ": detection rate " + caught);
        }
    }

    /**
     * The nightly run: compared with the rolling median of the last ten runs, each on a machine that may be 5%
     * faster or slower as a whole, plus 5% per cell.
     */
    @Test
    void nightlyModeSameCodeIsNotFlaggedAndASlowerEngineIsCaught() {
        NoiseModel model = new NoiseModel(Fixtures.quickRun(), 0.05, 0.05);
        double falseAlarms = failureRate(model, true, null, 3);
        report("false alarms, no change, vs rolling median of 10 runs, run noise 5% machine + 5% per cell",
                falseAlarms);
        assertTrue(falseAlarms <= 0.05, "false-alarm rate " + falseAlarms);
        for (String engine : List.of("reference", "dl4j", "djl", "tribuo")) {
            double caught = failureRate(model, true, engine, 4);
            report(engine + " 30% slower caught, vs rolling median", caught);
            assertTrue(caught >= 0.90, engine + ": detection rate " + caught);
        }
    }

    /** Noisier machines: the rates are printed, so the README can state where the gate stops coping. */
    @Test
    void noisierMachinesAreReportedNotHidden() {
        org.junit.jupiter.api.Assumptions.assumeTrue(SURVEY, "run with -Djmlbench.injection.survey=true");
        for (double sigma : new double[] {0.05, 0.10}) {
            NoiseModel model = new NoiseModel(Fixtures.quickRun(), sigma, sigma);
            String noise = String.format(Locale.ROOT, "run noise %.0f%% machine + %.0f%% per cell", sigma * 100,
                    sigma * 100);
            report("false alarms, no change, vs one base run, " + noise, failureRate(model, false, null, 5));
            report("false alarms, no change, vs rolling median, " + noise, failureRate(model, true, null, 5));
            report("djl 30% slower caught, vs one base run, " + noise, failureRate(model, false, "djl", 6));
            report("djl 30% slower caught, vs rolling median, " + noise, failureRate(model, true, "djl", 6));
        }
    }
}
