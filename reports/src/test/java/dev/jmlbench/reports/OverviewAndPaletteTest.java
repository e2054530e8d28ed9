package dev.jmlbench.reports;

import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskFamily;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.series.MarkerSeries;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overview on the first screen, one colour per engine everywhere, and the page's weight. */
class OverviewAndPaletteTest {
    /** Budget of the quick preset's report. */
    static final long QUICK_BUDGET_BYTES = 1_000_000;

    @TempDir
    static Path dir;

    private static String quick;
    private static long quickBytes;

    @BeforeAll
    static void renderQuick() throws IOException {
        Path index = ReportGenerator.write(TestFixtures.quick(), dir.resolve("results.json"), dir.resolve("quick"));
        quick = Files.readString(index, StandardCharsets.UTF_8);
        quickBytes = Files.size(index);
        String keep = System.getenv("REPORT_CHECK_DIR");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.writeString(Path.of(keep).resolve("quick.html"), quick);
        }
    }

    private static String render(RunResults results, String name) throws IOException {
        return Files.readString(ReportGenerator.write(results, dir.resolve("results.json"), dir.resolve(name)),
                StandardCharsets.UTF_8);
    }

    @Test
    void theOverviewIsTheFirstSectionAndGroupsTasksByFamily() throws IOException {
        HtmlChecks.check(quick);
        int overview = quick.indexOf("<section id=\"overview\">");
        assertTrue(overview > 0, "an overview section");
        assertEquals(overview, quick.indexOf("<section"), "the overview is the first section");
        assertTrue(overview < quick.indexOf("id=\"summary\""));
        String section = HtmlChecks.section(quick, "overview");
        for (String family : List.of(">CNN</th>", ">RNN</th>", ">classic</th>")) {
            assertTrue(section.contains(family), family);
        }
        for (String engine : List.of("reference", "djl", "dl4j", "tribuo")) {
            assertTrue(section.contains("</span>" + engine + "</th>"), engine + " has a column");
        }
        // every quick task has a row linking to its (collapsed) details
        RunResults run = TestFixtures.quick();
        run.tasks().forEach(t -> assertTrue(section.contains("<a href=\"#task-" + t.id() + "\">"), t.id()));
        assertTrue(quick.contains("<details class=\"task\"><summary><h3>Task "), "task details are collapsed");
        assertFalse(quick.contains("<details class=\"task\" open"), "and not opened");
    }

    @Test
    void cellsAreColouredByTheRecordedVerdictAgainstTheFastest() throws IOException {
        String html = render(TestFixtures.run(), "small");
        String section = HtmlChecks.section(html, "overview");
        // batch inference: tribuo is the fastest, djl clearly behind (the recorded verdict "faster")
        assertTrue(section.contains("<td class=\"ov best\" title=\"batch inference throughput, the largest batch"
                + " measured (batch 64, threads 1): 12,346 samples/s; the fastest\">1\u00d7</td>"), section);
        assertTrue(section.contains("<td class=\"ov behind\" title=\"batch inference throughput, the largest batch"
                + " measured (batch 64, threads 1): 6,173 samples/s; tribuo is 2.00x faster than djl"), section);
        // latency measured in one fork only: inconclusive, and marked so without colour too
        assertTrue(Pattern.compile("<td class=\"ov inc\" title=\"single-example latency[^\"]*inconclusive[^\"]*\">"
                + "1\\.86\u00d7\\?</td>").matcher(section).find(), section);
        // the quality against the target
        assertTrue(section.contains(">93.3%\u2717</td>") && section.contains("class=\"ov q below\""), section);
        assertTrue(section.contains(">96.7%\u2713</td>"), section);
        // the quick fixture: every verdict class appears, and each coloured cell agrees with its recorded pair
        String q = HtmlChecks.section(quick, "overview");
        for (String cls : List.of(Overview.BEST, Overview.EQUIVALENT, Overview.BEHIND, Overview.INCONCLUSIVE)) {
            assertTrue(q.contains("class=\"ov " + cls), cls);
        }
        Matcher m = Pattern.compile("<td class=\"ov (best|eq|behind|inc)[^\"]*\" title=\"([^\"]*)\">").matcher(q);
        int checked = 0;
        while (m.find()) {
            String title = m.group(2);
            String expected = switch (m.group(1)) {
                case "behind" -> "(faster)";
                case "eq" -> "(" + EngineComparison.EQUIVALENT + ")";
                case "inc" -> "(" + EngineComparison.INCONCLUSIVE + ")";
                default -> "the fastest";
            };
            assertTrue(title.endsWith(expected) || title.endsWith("the only engine measured")
                    || title.contains("no comparison"), m.group(1) + ": " + title);
            checked++;
        }
        assertTrue(checked > 50, "cells checked: " + checked);
    }

    @Test
    void unsupportedAndFailedCellsSayWhy() throws IOException {
        String html = render(TestFixtures.run(), "small");
        String section = HtmlChecks.section(html, "overview");
        assertTrue(section.contains("title=\"tiny-mlp, djl: unsupported: fixture: layer not supported\">unsupported"
                + "<sup>"), section);
        assertTrue(section.contains("<li>djl: unsupported: fixture: layer not supported</li>"), "footnote");
        assertTrue(section.contains("title=\"iris-logreg, dl4j: failed: " + TestFixtures.DL4J_REASON + "\">failed"
                + "<sup>"), section);
        String q = HtmlChecks.section(quick, "overview");
        assertTrue(q.contains("<li>tribuo: unsupported: tribuo has no CNN layers (fixture)</li>"), q);
        assertTrue(q.contains("failed: training diverged: loss NaN at epoch 1 (fixture)"), q);
        // one footnote per engine and reason, not per task
        assertEquals(1, q.split("<li>tribuo: unsupported: tribuo has no CNN layers", -1).length - 1);
    }

    /**
     * A preset with several seeds judges a cell by every seed, while the overview shows the recipe's own seed: a
     * cell whose shown figure met the target but whose other seed missed is marked below, with the reason; a quality
     * run that failed beside other figures of the engine reads "failed", not a dash.
     */
    @Test
    void aCellBelowTheTargetWithAnotherSeedAndAFailedQualityRunAreMarked() throws IOException {
        RunResults base = TestFixtures.run();
        List<CellStatus> cells = new ArrayList<>(base.cells().stream()
                .filter(c -> !(c.engine().equals("tribuo") && c.stage().equals(Names.STAGE_QUALITY))).toList());
        cells.add(new CellStatus(TestFixtures.TASK, "tribuo", "cpu", Names.STAGE_QUALITY,
                CellStatus.Status.BELOW_TARGET, "test accuracy 0.9000 does not reach the target (accuracy >= 0.95)"
                + " with seed 46"));
        List<Measurement> ms = new ArrayList<>(base.measurements());
        ms.add(TestFixtures.throughput(TestFixtures.TASK_NO_THROUGHPUT, "djl", 100.0, 1.0));
        cells.removeIf(c -> c.task().equals(TestFixtures.TASK_NO_THROUGHPUT) && c.engine().equals("djl"));
        cells.add(new CellStatus(TestFixtures.TASK_NO_THROUGHPUT, "djl", "cpu", Names.STAGE_QUALITY,
                CellStatus.Status.FAILED, "the engine's process was stopped from outside by SIGTERM"));
        RunResults r = new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(),
                base.tasks(), base.datasets(), ms, cells);

        String section = HtmlChecks.section(render(r, "seeds"), "overview");

        assertTrue(section.contains(">96.7%\u2717</td>"), "shown seed met, another missed: " + section);
        assertTrue(section.contains("(target accuracy \u2265 95.00 % met with this seed; test accuracy 0.9000 does not"
                + " reach the target (accuracy &gt;= 0.95) with seed 46)\">96.7%\u2717</td>"), section);
        assertTrue(section.contains("title=\"quality: failed: the engine&#39;s process was stopped from outside by"
                + " SIGTERM\">failed</td>"), section);
    }

    /**
     * A preset that trains every cell with several seeds records one quality figure per seed: the overview, the task
     * table and the summary give the spread over the seeds and how many met the target, and the summary no longer
     * claims one training run each.
     */
    @Test
    void theSpreadOverSeedsIsShownAndEverySeedJudgesTheCell() throws IOException {
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(base.measurements().stream()
                .filter(m -> !(m.task().equals(TestFixtures.TASK) && Names.SCENARIO_QUALITY.equals(m.scenario())
                        && Names.METRIC_ACCURACY.equals(m.metric()))).toList());
        double[] tribuo = {0.98, 0.96, 0.97};
        double[] djl = {0.96, 0.97, 0.94};
        for (int i = 0; i < 3; i++) {
            Map<String, String> seed = Map.of(Names.PARAM_SEED, String.valueOf(42 + i));
            ms.add(TestFixtures.figure(TestFixtures.TASK, "tribuo", Names.SCENARIO_QUALITY, seed,
                    Names.METRIC_ACCURACY, tribuo[i], Names.UNIT_FRACTION, null, null, null));
            ms.add(TestFixtures.figure(TestFixtures.TASK, "djl", Names.SCENARIO_QUALITY, seed,
                    Names.METRIC_ACCURACY, djl[i], Names.UNIT_FRACTION, null, null, null));
        }
        RunResults r = new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(),
                base.tasks(), base.datasets(), ms, base.cells());

        String html = render(r, "spread");
        String overview = HtmlChecks.section(html, "overview");
        // tribuo: the first seed's 98.0%, every seed at or above the 95% target
        assertTrue(overview.contains("(seed 42; 3 seeds: worst 96.00 %, mean 97.00 %, best 98.00 %; target accuracy"
                + " \u2265 95.00 % met by 3 of 3)\">98.0%\u2713</td>"), overview);
        // djl: the first seed met the target, the third did not: the cell is below it
        assertTrue(overview.contains("(seed 42; 3 seeds: worst 94.00 %, mean 95.67 %, best 97.00 %; target accuracy"
                + " \u2265 95.00 % met by 2 of 3)\">96.0%\u2717</td>"), overview);
        String summary = HtmlChecks.section(html, "summary");
        assertTrue(summary.contains("tribuo 98.00 % (3 seeds: worst 96.00 %, mean 97.00 %, best 98.00 %), djl 96.00 %"
                + " (3 seeds: worst 94.00 %, mean 95.67 %, best 97.00 %; 1 of 3 below target), dl4j failed; 3 training"
                + " runs (seeds) each, the first seed&#39;s figure shown; not ranked."), summary);
    }

    /** A study's own task (the long-sequence experiment) has nothing for the overview's columns: no row there. */
    @Test
    void aStudysOwnTaskGetsNoOverviewRow() throws IOException {
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(base.measurements());
        ms.add(TestFixtures.figure("adding-problem", "djl", Names.SCENARIO_LONG_SEQUENCE,
                Map.of(Names.PARAM_THREADS, "1"), Names.METRIC_RMSE, 0.16, Names.UNIT_TARGET, null, null, null));
        List<CellStatus> cells = new ArrayList<>(base.cells());
        cells.add(new CellStatus("adding-problem", "tribuo", "cpu", Names.STAGE_LONG_SEQUENCE,
                CellStatus.Status.UNSUPPORTED, "simple-rnn, 10 steps: no recurrent layers (fixture)"));
        RunResults r = new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(),
                base.tasks(), base.datasets(), ms, cells);

        String html = render(r, "study-task");
        String overview = HtmlChecks.section(html, "overview");
        assertFalse(overview.contains("adding-problem"), overview);
        assertTrue(overview.contains(">" + TestFixtures.TASK_NO_THROUGHPUT + "</a>"), "a task with figures keeps its row");
        assertTrue(html.contains("id=\"task-adding-problem\""), "the study's task keeps its section");
    }

    @Test
    void noEngineNamedNoneOrMachineInTheTables() {
        // the quick fixture records the machine's calibration under "machine" and, as older runs did, "none"
        assertTrue(TestFixtures.quick().measurements().stream().anyMatch(m -> "none".equals(m.engine())));
        // and the calibration's pseudo-engines take no colour, so that the engines' colours stay the same
        assertEquals(List.of("djl", "dl4j", "reference", "tribuo"), EnginePalette.of(TestFixtures.quick()).engines());
        assertTrue(quick.contains("<span class=\"sw eng2\" aria-hidden=\"true\">\u25C6</span>reference</th>"));
        assertFalse(quick.contains(">none</th>"), "no engine 'none'");
        assertFalse(quick.contains("<tr><td>none</td>"), "no engine 'none' in the engines table");
        assertFalse(quick.contains("</span>none</"), "no engine 'none' with a swatch");
        assertFalse(Pattern.compile("</span>(none|machine)</th>").matcher(quick).find(), "no pseudo-engine row");
    }

    @Test
    void theQuickReportStaysSmall() {
        assertTrue(quickBytes < QUICK_BUDGET_BYTES, "quick report: " + quickBytes + " bytes");
        assertFalse(quick.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(quick).find(), "no external resource");
        // no one-point training curve: the quick fixture trains one epoch
        assertFalse(quick.contains("per epoch for task"), "one-epoch curves are not drawn");
    }

    @Test
    void anEngineHasTheSameColourAndMarkerInEveryChart() throws IOException {
        RunResults rich = TestFixtures.rich();
        EnginePalette palette = EnginePalette.of(rich);
        assertEquals(List.of("djl", "dl4j", "reference", "tribuo"), palette.engines());
        List<TaskView> tasks = TaskView.of(rich);
        TaskView cnn = tasks.stream().filter(t -> t.taskId.equals(TestFixtures.CNN)).findFirst().orElseThrow();
        TaskView mlp = tasks.stream().filter(t -> t.taskId.equals(TestFixtures.MLP)).findFirst().orElseThrow();
        List<Optional<Charts.Chart>> charts = List.of(Charts.throughput(cnn), Charts.batchScaling(cnn),
                Charts.latency(cnn), Charts.latency(mlp), Charts.timeToTarget(mlp));
        int seen = 0;
        for (Optional<Charts.Chart> c : charts) {
            Charts.Chart chart = c.orElseThrow();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png(palette)));
            for (Object o : chart.chart().getSeriesMap().values()) {
                MarkerSeries s = (MarkerSeries) o;
                String engine = palette.engineOf(s.getName());
                assertTrue(engine != null, "every series here is an engine's: " + s.getName());
                Color expected = ChartKit.COLORS[palette.index(engine)];
                assertEquals(expected, s.getLineColor(), s.getName());
                assertEquals(expected, s.getFillColor(), s.getName());
                assertEquals(palette.marker(engine), s.getMarker(), s.getName());
                assertTrue(pixels(image, expected) > 20, "the image shows " + engine + "'s colour: " + chart.alt());
                seen++;
            }
            // an engine absent from a chart leaves no trace of its colour
            for (String engine : palette.engines()) {
                if (chart.chart().getSeriesMap().keySet().stream().noneMatch(n -> engine.equals(palette.engineOf(n)))) {
                    assertEquals(0, pixels(image, ChartKit.COLORS[palette.index(engine)]), engine + " in "
                            + chart.alt());
                }
            }
        }
        assertTrue(seen >= 10, "series checked: " + seen);
        // tables and legends use the same classes and markers
        String html = render(rich, "rich-palette");
        assertTrue(html.contains("<span class=\"sw eng2\" aria-hidden=\"true\">\u25C6</span>reference"), "reference");
        assertTrue(html.contains("<span class=\"sw eng0\" aria-hidden=\"true\">\u25CF</span>djl"), "djl");
        assertTrue(HtmlWriter.CSS.contains(".sw.eng2{color:" + EnginePalette.hex(ChartKit.COLORS[2]) + "}"));
    }

    @Test
    void seriesOfNoEngineAreNeutral() {
        EnginePalette palette = EnginePalette.of(List.of("reference", "djl"));
        assertEquals("reference", palette.engineOf("reference seed 2"));
        assertEquals("djl", palette.engineOf("djl gpu, threads 4"));
        assertEquals(null, palette.engineOf("djlx"));
        assertEquals(null, palette.engineOf("Pareto front"));
        assertEquals(-1, EnginePalette.of(List.of("machine")).index("machine"));
    }

    @Test
    void coldAndSteadyStateTrainingAreExplainedWhereTheyDisagree() {
        // the quick fixture: the reference takes 5x as long as djl in the cold run, yet trains faster in JMH
        String summary = HtmlChecks.section(quick, "summary");
        assertTrue(summary.contains("<li class=\"cold-steady\">Cold and steady-state training disagree here: in the"
                + " quality stage&#39;s single training run (a fresh JVM, JIT compilation and warm-up included)"
                + " reference took 5.00x as long as djl, while JMH&#39;s training throughput, measured in warmed-up"
                + " forks, puts reference 1.25x faster."), summary);
        assertTrue(quick.contains("<p class=\"note cold-steady\">Cold and steady-state training disagree here"));
    }

    @Test
    void theColdRunsFirstEpochIsShownBesideItsLaterEpochs() {
        // the warm-up sentence cites each engine's first epoch against its later ones (fixture: 4.36t, 0.16t for
        // the reference; 0.2t, 0.2t for djl, at the task's index t)
        String summary = HtmlChecks.section(quick, "summary");
        Matcher cited = Pattern.compile("native kernels run at full speed from the"
                + " start\\. In the cold run, reference: first epoch ([0-9.]+) s, later epochs ([0-9.]+) s each; djl:"
                + " first epoch ([0-9.]+) s, later epochs ([0-9.]+) s each\\.</li>").matcher(summary);
        assertTrue(cited.find(), summary);
        double t = Double.parseDouble(cited.group(3)) / 0.2;
        assertEquals(4.36 * t, Double.parseDouble(cited.group(1)), 1e-3 * t);
        assertEquals(0.16 * t, Double.parseDouble(cited.group(2)), 1e-3 * t);
        assertEquals(0.2 * t, Double.parseDouble(cited.group(4)), 1e-3 * t);
        // the task tables carry them beneath the training time, for the engines that recorded them only
        assertTrue(quick.contains(" s<br>first epoch "), "a training-time cell with its epochs");
        int withEpochs = quick.split("<br>first epoch ", -1).length - 1;
        long networks = TestFixtures.quick().tasks().stream().filter(s -> s.family() != TaskFamily.CLASSIC).count();
        assertEquals(2 * networks, withEpochs, "reference and djl on every network task");
        assertTrue(quick.contains("where the engine reports epochs, its first epoch (JIT warm-up and native"
                + " initialisation included) and the median of its later epochs"), "the note says what they are");
    }

    private static int pixels(BufferedImage image, Color c) {
        int n = 0;
        int rgb = c.getRGB() & 0xffffff;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
