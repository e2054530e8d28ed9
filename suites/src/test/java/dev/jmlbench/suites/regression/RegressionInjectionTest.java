package dev.jmlbench.suites.regression;

import dev.jmlbench.ci.regression.Baseline;
import dev.jmlbench.ci.regression.Comparison;
import dev.jmlbench.ci.regression.Confirmation;
import dev.jmlbench.ci.regression.Remeasurer;
import dev.jmlbench.ci.regression.RegressionCheck;
import dev.jmlbench.ci.regression.Row;
import dev.jmlbench.ci.regression.Thresholds;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.suites.harness.CellTrainer;
import dev.jmlbench.suites.harness.TrainedCell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof by injection on real measurements: the reference engine's trained iris model is timed much as JMH's
 * throughput mode would time it (warm-up, then ten 50 ms iterations, one score per iteration), once as it is and
 * once wrapped so that it does 30% more work per call ({@link SlowedModel}), the two interleaved iteration by
 * iteration. The comparison must call the slowdown a confirmed regression and must not flag the unchanged model;
 * the confirmation re-measures for real.
 *
 * <p>Timing runs in this JVM, on a machine shared with whatever else runs; scores are per CPU-second of this
 * thread, so that waiting for a core (load from elsewhere) is not counted (see {@link #iteration}). One
 * repetition by default (about ten seconds); {@code -Djmlbench.injection.repeats=N} runs N of each and prints
 * the false-alarm and detection rates.
 *
 * <p>In-process timing is not a fork: the ten interleaved iterations stand in for replicates here, which
 * understates run-to-run spread. The fork-level proof is {@link dev.jmlbench.suites.VerdictRatesTest}. Being a
 * timing test on a shared machine, this one runs only when asked ({@code -Djmlbench.injection.repeats=N}), never
 * in the default test run, where a noisy machine must not break the build.
 */
class RegressionInjectionTest {
    private static final int REPEATS = Integer.getInteger("jmlbench.injection.repeats", 0);
    private static final int WARMUP_ITERATIONS = 6;
    private static final int ITERATIONS = 10;
    private static final long ITERATION_NANOS = 50_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static Engine engine;
    private static TrainedCell cell;
    private static float[][] batch;
    private static TaskSpec task;

    @BeforeAll
    static void train() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(REPEATS > 0, "a timing test: run with"
                + " -Djmlbench.injection.repeats=N");
        task = TaskCatalogue.builtIn().get("iris-logreg");
        engine = Engines.find("reference").open(new EngineConfig(1, Path.of("target", "native-cache")));
        var data = dev.jmlbench.suites.harness.TaskData.load(task);
        cell = CellTrainer.train(engine, task, data);
        batch = data.testFeatures();
        // a second of warm-up with both kinds of model at the timed call site, so that the JIT has settled (and
        // will not recompile for a new receiver type) before the first figure counts
        Model slowed = new SlowedModel(cell.model());
        for (int i = 0; i < 10; i++) {
            iteration(cell.model());
            iteration(slowed);
        }
    }

    @AfterAll
    static void close() {
        if (cell == null) {
            return;
        }
        cell.model().close();
        engine.close();
    }

    /**
     * Runs (warm-up, then {@link #ITERATIONS} throughput scores in samples/s each) of several models with their iterations interleaved (A, B, A, B, ...), so that a burst of load from
     * elsewhere on the machine hits both alike, as a base and a head commit measured back to back would be.
     */
    private static List<Measurement> measureInterleaved(List<Model> models) {
        for (int i = 0; i < WARMUP_ITERATIONS; i++) {
            models.forEach(RegressionInjectionTest::iteration);
        }
        List<List<Double>> scores = new ArrayList<>();
        models.forEach(m -> scores.add(new ArrayList<>()));
        for (int i = 0; i < ITERATIONS; i++) {
            for (int k = 0; k < models.size(); k++) {
                scores.get(k).add(iteration(models.get(k)));
            }
        }
        return scores.stream().map(RegressionInjectionTest::measurement).toList();
    }

    private static Measurement measurement(List<Double> scores) {
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // in-process: iterations stand in for forks (see the class)
        return Measurement.of(task.id(), "reference", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .params(Map.of(Names.PARAM_BATCH_SIZE, Integer.toString(batch.length), Names.PARAM_THREADS, "1"))
                .value(mean, Names.UNIT_SAMPLES_PER_SECOND).samples(ITERATIONS).rawScores(scores)
                .quality(cell.quality(), true).forkMeans(scores).build();
    }

    /**
     * One iteration: predictions for {@link #ITERATION_NANOS} of wall time, scored in samples per second of this
     * thread's CPU time. JMH scores wall time; here the machine is shared with builds (load averages of 10 on 2
     * cores were seen), and CPU time leaves out the time the thread waited for a core, which is load, not code.
     */
    private static double iteration(Model model) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        long sink = 0;
        do {
            sink += model.predict(batch).length;
            calls++;
        } while (System.nanoTime() - start < ITERATION_NANOS);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        if (sink != calls * batch.length) {
            throw new AssertionError("prediction returned the wrong number of rows");
        }
        return calls * (double) batch.length / (cpu / 1e9);
    }

    private static RunResults run(Measurement m) {
        return new RunResults(RunResults.SCHEMA_VERSION, "injection", EnvironmentProbe.capture(1, null), List.of(),
                List.of(), List.of(), List.of(m), List.of());
    }

    /**
     * Base, candidate, base measured interleaved (as the pull-request workflow runs base, head, base), the baseline
     * being the two base runs; an alert is re-measured on the candidate before it counts.
     */
    private static Row compare(Model candidate) {
        RegressionCheck check = new RegressionCheck(Thresholds.defaults());
        List<Measurement> runs = measureInterleaved(List.of(cell.model(), candidate, cell.model()));
        Baseline baseline = Baseline.of(List.of(run(runs.get(0)), run(runs.get(2))),
                "unchanged model, measured twice, interleaved");
        Comparison c = check.compare(baseline, run(runs.get(1)));
        // the re-run is measured the same way: base, candidate, base interleaved again, and the fresh candidate is
        // judged against the fresh base figures, as ci/compare-commits.sh confirms with both commits' code
        c = Confirmation.confirm(c, new Remeasurer() {
            @Override
            public List<Measurement> remeasure(List<dev.jmlbench.ci.regression.CellKey> keys) {
                throw new AssertionError("the paired re-run is used");
            }

            @Override
            public Remeasurement remeasureWithBaseline(List<dev.jmlbench.ci.regression.CellKey> keys) {
                List<Measurement> again = measureInterleaved(List.of(cell.model(), candidate, cell.model()));
                return new Remeasurement(List.of(again.get(1)), List.of(again.get(0), again.get(2)));
            }
        }, check, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, c.rows().size());
        return c.rows().get(0);
    }

    @Test
    void theUnchangedModelIsNotFlagged() {
        int alarms = 0;
        for (int i = 0; i < REPEATS; i++) {
            Row r = compare(cell.model());
            System.out.printf(Locale.ROOT, "[injection] no change #%d: %s, %.0f -> %.0f samples/s, change %+.1f%%%s%n",
                    i + 1, r.status(), r.baseline().value(), r.current().value(), r.change() * 100,
                    r.confirmation() == Row.Confirmation.NONE ? "" : ", " + r.confirmation());
            alarms += r.failing() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "[injection] false alarms: %d of %d no-change comparisons%n", alarms, REPEATS);
        assertEquals(0, alarms, "the unchanged model failed the gate");
    }

    @Test
    void aThirtyPercentSlowerModelIsCaught() {
        SlowedModel slowed = new SlowedModel(cell.model());
        int caught = 0;
        List<Double> effect = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            Row r = compare(slowed);
            System.out.printf(Locale.ROOT, "[injection] 30%% slower #%d: %s, %.0f -> %.0f samples/s, change %+.1f%%,"
                    + " %s; interval %s%s%n", i + 1, r.status(), r.baseline().value(), r.current().value(),
                    r.change() * 100, r.confirmation(), r.significance().text(), r.recheck() == null ? ""
                            : String.format(Locale.ROOT, "; re-run %s, change %+.1f%%, %s, samples %s",
                            r.recheck().status(), r.recheck().change() * 100, r.recheck().significance().text(),
                            r.recheck().current().samples()));
            caught += r.failing() && r.confirmation() == Row.Confirmation.CONFIRMED ? 1 : 0;
            effect.add(r.change());
        }
        System.out.printf(Locale.ROOT, "[injection] detected: %d of %d 30%%-slowdown comparisons; throughput change"
                + " measured interleaved: median %+.1f%% (a 30%% longer call is -23%%)%n", caught, REPEATS,
                100 * effect.stream().sorted().toList().get(effect.size() / 2));
        assertTrue(slowed.extraRows() > 0, "the extra predictions ran");
        assertTrue(caught >= Math.ceil(0.9 * REPEATS), "caught " + caught + " of " + REPEATS);
    }
}
