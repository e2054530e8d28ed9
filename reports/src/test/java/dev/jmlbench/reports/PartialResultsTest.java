package dev.jmlbench.reports;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs that did not produce everything still give a whole report: every image has data, every gap its reason. */
class PartialResultsTest {
    private static final Set<String> JMH_SCENARIOS = Set.of(Names.SCENARIO_INFERENCE_THROUGHPUT,
            Names.SCENARIO_INFERENCE_LATENCY, "training-throughput", "cold-start");

    @TempDir
    Path dir;

    private String render(RunResults results) throws IOException {
        Path index = ReportGenerator.write(results, dir.resolve("results.json"), dir.resolve("report"));
        String html = Files.readString(index, StandardCharsets.UTF_8);
        HtmlChecks.check(html);
        return html;
    }

    private static RunResults with(RunResults r, Predicate<Measurement> keep, List<CellStatus> moreCells,
                                   List<TaskSpec> tasks, List<EngineInfo> engines) {
        List<CellStatus> cells = new ArrayList<>(r.cells());
        cells.addAll(moreCells);
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, tasks, r.datasets(),
                r.measurements().stream().filter(keep).toList(), cells, r.provenance());
    }

    @Test
    void oneEngineFailed() throws IOException {
        RunResults rich = TestFixtures.rich();
        String reason = "PyTorch native library could not be loaded (fixture)";
        String html = render(with(rich, m -> !"djl".equals(m.engine()), List.of(new CellStatus(null, "djl", "cpu",
                Names.STAGE_OPEN, CellStatus.Status.FAILED, reason)), rich.tasks(), rich.engines()));
        String cnn = HtmlChecks.section(html, "task-" + TestFixtures.CNN);
        assertTrue(cnn.contains("<th scope=\"row\"><span class=\"sw eng0\" aria-hidden=\"true\">\u25CF</span>DJL (PyTorch)</th><td>cpu</td><td class=\"missing\" colspan=\"6\">"
                + "\u2014 (failed: " + reason + ")</td>"), cnn);
        assertTrue(HtmlChecks.section(html, "cells").contains("<td>all tasks</td><td>djl</td><td>cpu</td><td>open</td>"
                + "<td>FAILED</td><td>" + reason + "</td>"));
        // the remaining engines are still compared
        assertTrue(html.contains("Inference throughput, batch 1: reference is "), html);
        assertTrue(html.contains("djl failed"), "the quality line names the failure");
    }

    @Test
    void gpuSkipped() throws IOException {
        RunResults rich = TestFixtures.rich();
        String html = render(rich);
        assertTrue(HtmlChecks.section(html, "task-" + TestFixtures.CNN).contains("<td>gpu</td><td class=\"missing\""
                + " colspan=\"6\">\u2014 (skipped: " + TestFixtures.GPU_REASON + ")</td>"));
        assertTrue(HtmlChecks.section(html, "cells").contains("<li>djl on gpu: skipped (" + TestFixtures.GPU_REASON
                + ")</li>"));
    }

    @Test
    void mnistMissing() throws IOException {
        RunResults rich = TestFixtures.rich();
        TaskSpec mnist = TaskCatalogue.builtIn().get("mnist-logreg");
        List<TaskSpec> tasks = new ArrayList<>(rich.tasks());
        tasks.add(mnist);
        String reason = "dataset mnist is not in the data cache; run jmlbench fetch-data (fixture)";
        List<CellStatus> skipped = new ArrayList<>();
        for (String engine : List.of("reference", "djl", "tribuo")) {
            skipped.add(new CellStatus("mnist-logreg", engine, "cpu", Names.STAGE_QUALITY, CellStatus.Status.SKIPPED,
                    reason));
        }
        String html = render(with(rich, m -> true, skipped, tasks, rich.engines()));
        String section = HtmlChecks.section(html, "task-mnist-logreg");
        assertFalse(section.contains("<img"), "no chart for a task without figures");
        assertTrue(section.contains("\u2014 (skipped: " + reason + ")"), section);
        assertTrue(html.contains("<strong>mnist-logreg</strong><ul><li>No speed figure was measured for this task.</li>"
                + "<li>Quality (accuracy, target accuracy \u2265 90.00 %): not measured.</li>"), html);
        assertTrue(HtmlChecks.section(html, "cells").contains("<td>SKIPPED</td><td>" + reason + "</td>"));
    }

    @Test
    void noJmhAtAll() throws IOException {
        RunResults rich = TestFixtures.rich();
        String html = render(with(rich, m -> !JMH_SCENARIOS.contains(m.scenario())
                && !Calibration.METRIC_GFLOPS.equals(m.metric()), List.of(), rich.tasks(), rich.engines()));
        List<String> alts = HtmlChecks.alts(html);
        assertTrue(alts.stream().noneMatch(a -> a.contains("inference throughput") || a.contains("latency")), alts
                .toString());
        assertTrue(alts.stream().anyMatch(a -> a.startsWith("Line chart of test accuracy per epoch")), "curves remain");
        assertFalse(html.contains("Speed comparisons:"), "no tally without speed figures");
        assertTrue(html.contains("<li>No speed figure was measured for this task.</li>"));
        assertFalse(html.contains("id=\"quality-latency\""), "no accuracy-latency chart without latency");
        assertFalse(html.contains("id=\"efficiency\""));
    }

    @Test
    void noQualityAtAll() throws IOException {
        RunResults rich = TestFixtures.rich();
        String html = render(with(rich, m -> !Names.SCENARIO_QUALITY.equals(m.scenario()), List.of(), rich.tasks(),
                rich.engines()));
        assertTrue(html.contains("Quality (accuracy, target accuracy \u2265 95.00 %): not measured."), html);
        assertFalse(html.contains("id=\"quality-latency\""));
        // only the dl-vs-classic block's own figures are left there
        String block = HtmlChecks.section(html, "classic-vs-dl");
        assertFalse(block.contains("<td>network</td>") || block.contains("<td>classic</td>"), block);
        assertTrue(block.contains("<th scope=\"row\">logistic regression (LIBLINEAR)</th>"), block);
        // speed is still compared, without an accuracy to quote
        assertTrue(html.contains("Inference throughput, batch 1: djl is 2.00x faster than reference (95% CI "), html);
        assertTrue(HtmlChecks.alts(html).stream().noneMatch(a -> a.contains("time until the test metric")));
    }

    @Test
    void anEngineThatNeverOpenedAndNoFiguresAtAll() throws IOException {
        RunResults rich = TestFixtures.rich();
        List<EngineInfo> engines = List.of(new EngineInfo("dl4j", "Deeplearning4j", "1.0.0-M2.1", "unknown", Map.of(),
                List.of(DeviceStatus.skipped("cpu", "fixture: no native library"))));
        String html = render(with(rich, m -> false, List.of(new CellStatus(null, "dl4j", "cpu", Names.STAGE_OPEN,
                CellStatus.Status.FAILED, "fixture: no native library")), rich.tasks(), engines));
        assertTrue(html.contains("No measurements were recorded"));
        assertEquals(List.of(), HtmlChecks.alts(html));
        assertTrue(html.contains("\u2014 (failed: fixture: no native library)"));
    }
}
