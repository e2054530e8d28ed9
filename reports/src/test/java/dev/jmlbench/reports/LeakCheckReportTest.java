package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leak check in the report: every engine's resident memory over the run, read as flat, levelled off (memory
 * reaching its working size) or still growing at the end, in the summary, the task's table and a chart.
 */
class LeakCheckReportTest {

    @TempDir
    static Path dir;

    /** 240 samples over 60 s (one every 0.25 s) of {@code mib(i)}, with the slope fitted after the first fifth. */
    private static Measurement leakFigure(String engine, IntToDoubleFunction mib) {
        return leakFigure(engine, Names.METRIC_RSS_SLOPE, mib);
    }

    private static Measurement leakFigure(String engine, String metric, IntToDoubleFunction mib) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            samples.add(mib.applyAsDouble(i));
        }
        org.apache.commons.math3.stat.regression.SimpleRegression fit =
                new org.apache.commons.math3.stat.regression.SimpleRegression();
        for (int i = 48; i < 240; i++) {
            fit.addData(i * 0.25, samples.get(i) * 1048576.0);
        }
        return Measurement.of(TestFixtures.TASK, engine, Names.SCENARIO_MEMORY, metric)
                .params(Map.of(Names.PARAM_THREADS, "1", Names.PARAM_BATCH_SIZE, "32", Names.PARAM_SECONDS, "60",
                        Names.PARAM_CALLS, "12345"))
                .value(fit.getSlope(), Names.UNIT_BYTES_PER_SECOND).samples(240L).rawScores(samples)
                .dataset(TestFixtures.stamp()).build();
    }

    private static RunResults withLeakCheck() {
        return withLeakCheck(null);
    }

    /** Three engines' leak checks on one task, dl4j's with the committed heap {@code dl4jHeap} (null: none). */
    private static RunResults withLeakCheck(IntToDoubleFunction dl4jHeap) {
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(base.measurements());
        ms.add(leakFigure("tribuo", i -> 1000 + (i % 2)));                    // flat, with 1 MiB of noise
        ms.add(leakFigure("djl", i -> i < 120 ? 700 + 10.0 * i : 1900));       // 40 MiB/s for 30 s, then level
        ms.add(leakFigure("dl4j", i -> 800 + 2.5 * i));                        // 10 MiB/s to the end
        if (dl4jHeap != null) {
            ms.add(leakFigure("dl4j", Names.METRIC_HEAP_SLOPE, dl4jHeap));
        }
        return new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(), base.tasks(),
                base.datasets(), ms, base.cells());
    }

    @Test
    void readingsTellFlatFromLevelledOffFromStillGrowing() {
        List<LeakReading> readings = TaskView.of(withLeakCheck()).stream()
                .filter(t -> t.taskId.equals(TestFixtures.TASK)).findFirst().orElseThrow().leakReadings();
        assertEquals(3, readings.size());
        LeakReading tribuo = readings.stream().filter(r -> r.figure().engine().equals("tribuo")).findFirst()
                .orElseThrow();
        LeakReading djl = readings.stream().filter(r -> r.figure().engine().equals("djl")).findFirst().orElseThrow();
        LeakReading dl4j = readings.stream().filter(r -> r.figure().engine().equals("dl4j")).findFirst()
                .orElseThrow();
        assertEquals("flat", tribuo.shortReading());
        assertTrue(djl.growth() > LeakReading.FLAT_MIB_PER_MINUTE, "the fitted slope alone would call it a leak");
        assertEquals(0, djl.lateGrowth(), 1e-9);
        assertEquals("grew, then levelled off at 1,900 MiB", djl.shortReading());
        // 2.5 MiB per 0.25 s sample: 600 MiB a minute, after the warm-up and over the last third alike
        assertEquals(600, dl4j.growth(), 1e-6);
        assertEquals(600, dl4j.lateGrowth(), 1e-6);
        assertEquals(LeakReading.Verdict.STILL_GROWING, dl4j.verdict());
        assertEquals("still growing at the end (600 MiB/min)", dl4j.shortReading());
        assertEquals(0.25 * 10, dl4j.time(10), 1e-12);
    }

    /**
     * With the committed heap sampled beside the resident memory, growth that is all heap reads as the JVM sizing its
     * heap, and growth beyond it as native memory still growing.
     */
    @Test
    void theCommittedHeapTellsHeapSizingFromNativeGrowth() {
        LeakReading allHeap = dl4j(withLeakCheck(i -> 200 + 2.5 * i));
        assertEquals(0, allHeap.lateNativeGrowth(), 1e-6);
        assertEquals(LeakReading.Verdict.HEAP_STILL_GROWING, allHeap.verdict());
        assertEquals("still growing at the end (600 MiB/min), all of it Java heap", allHeap.shortReading());
        assertTrue(allHeap.reading().endsWith("the JVM sizing its heap, not a native leak"), allHeap.reading());

        LeakReading nativeGrowth = dl4j(withLeakCheck(i -> 512));
        assertEquals(600, nativeGrowth.lateNativeGrowth(), 1e-6);
        assertEquals("native memory still growing at the end (600 MiB/min)", nativeGrowth.shortReading());

        // heap samples that do not line up with the resident ones are ignored, not subtracted
        RunResults r = withLeakCheck(null);
        List<Measurement> ms = new ArrayList<>(r.measurements());
        Measurement heap = leakFigure("dl4j", Names.METRIC_HEAP_SLOPE, i -> 512);
        ms.add(Measurement.of(heap.task(), heap.engine(), heap.scenario(), heap.metric()).params(heap.params())
                .value(heap.value(), heap.unit()).rawScores(heap.rawScores().subList(0, 100)).build());
        LeakReading misaligned = dl4j(new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(),
                r.tasks(), r.datasets(), ms, r.cells()));
        assertEquals(null, misaligned.heapMib());
        assertTrue(Double.isNaN(misaligned.lateNativeGrowth()));
    }

    private static LeakReading dl4j(RunResults r) {
        return TaskView.of(r).stream().filter(t -> t.taskId.equals(TestFixtures.TASK)).findFirst().orElseThrow()
                .leakReadings().stream().filter(x -> x.figure().engine().equals("dl4j")).findFirst().orElseThrow();
    }

    @Test
    void theSummaryTheTaskTableAndAChartCarryTheLeakCheck() throws IOException {
        Path index = ReportGenerator.write(withLeakCheck(), dir.resolve("results.json"), dir.resolve("leak"));
        String html = Files.readString(index, StandardCharsets.UTF_8);
        String summary = HtmlChecks.section(html, "summary");
        assertTrue(summary.contains("<li>Leak check (resident memory over 60 s of inference): Tribuo flat, Deep Java"
                + " Library grew, then levelled off at 1,900 MiB, Deeplearning4j still growing at the end (600"
                + " MiB/min).</li>"), summary);
        assertTrue(html.contains("<td>Deeplearning4j</td><td>cpu</td><td>12,345 in 60 s</td><td>800 MiB to 1,398"
                + " MiB</td><td>600 MiB/min</td><td>600 MiB/min</td><td>— (heap not sampled)</td><td>still growing"
                + " at the end (600 MiB/min over the last third): a leak, or memory that had not reached its working size yet; a longer run"
                + " tells</td>"), html);
        List<String> alts = HtmlChecks.alts(html);
        assertTrue(alts.stream().anyMatch(a -> a.startsWith("Line chart of the process&#39;s resident memory against"
                + " seconds of inference for task " + TestFixtures.TASK + ": tribuo: 1,000 MiB to 1,001 MiB, flat;"
                + " djl: 700 MiB to 1,900 MiB, grew, then levelled off at 1,900 MiB; dl4j:")), alts.toString());
        // the task without a leak check gets none
        assertFalse(HtmlChecks.section(html, "task-" + TestFixtures.TASK_NO_THROUGHPUT).contains("Leak check"));
    }
}
