package dev.jmlbench.reports;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskFamily;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes the human-readable report of one run: a self-contained {@code index.html} (inline CSS, charts as
 * embedded PNG, readable without JavaScript and printable) and {@code results.csv}, from {@link RunResults}
 * alone. The overview comes first (a matrix of tasks by engines, {@link Overview}, on the first screen), then the
 * summary, which claims a win only when it is significant; then one section per task family with each task's details
 * collapsed, the cross-task comparisons, the environment and fairness checks, the failed and skipped cells and the
 * files. Every engine has one colour and marker ({@link EnginePalette}) in every chart and table.
 */
public final class ReportGenerator {

    /** File name of the HTML report inside the output directory. */
    public static final String INDEX_HTML = "index.html";
    /** File name of the CSV export inside the output directory. */
    public static final String RESULTS_CSV = "results.csv";
    /** File name of JMH's own results, expected next to {@code results.json}. */
    public static final String JMH_JSON = "jmh.json";

    private final RunResults results;
    private final List<TaskView> tasks;
    private final HtmlWriter h = new HtmlWriter();
    /** One colour and marker per engine, in every chart and table of the report. */
    private final EnginePalette palette;
    /** Where the cross-task sections put their charts. */
    private final ChartSink sink = this::charts;

    /** The comparison with a baseline and the run history; null when the report has none. */
    private RegressionSection regressions;

    private ReportGenerator(RunResults results) {
        this.results = results;
        this.tasks = TaskView.of(results);
        this.palette = EnginePalette.of(results);
    }

    /**
     * Writes {@code outDir/index.html} and {@code outDir/results.csv}, creating {@code outDir} if needed; each
     * file is replaced atomically.
     *
     * @param results         the run's results
     * @param resultsJsonFile where those results are stored; the report links to it, and to {@code jmh.json}
     *                        beside it when that file exists, by paths relative to {@code outDir}
     * @param outDir          the report directory
     * @return the path of {@code index.html}
     * @throws IOException when a file cannot be written
     */
    public static Path write(RunResults results, Path resultsJsonFile, Path outDir) throws IOException {
        return write(results, resultsJsonFile, outDir, null);
    }

    /**
     * Reads {@code resultsJsonFile} and writes its report, as {@link #write(RunResults, Path, Path)}.
     *
     * @throws dev.jmlbench.core.results.MalformedResultsException unchanged from {@link ResultsJson#read(Path)}
     *         when the file is missing, truncated or malformed: its message names the file and the field
     */
    public static Path write(Path resultsJsonFile, Path outDir) throws IOException {
        return write(ResultsJson.read(resultsJsonFile), resultsJsonFile, outDir, null);
    }

    /**
     * As {@link #write(RunResults, Path, Path)}, with a "Regressions and history" section after the summary.
     *
     * @param regressions the comparison with a baseline and the history (module {@code ci}); null for none
     */
    public static Path write(RunResults results, Path resultsJsonFile, Path outDir, RegressionSection regressions)
            throws IOException {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(resultsJsonFile, "resultsJsonFile");
        Files.createDirectories(outDir);
        ResultsCsv.write(results.measurements(), outDir.resolve(RESULTS_CSV));
        Path index = outDir.resolve(INDEX_HTML);
        ReportGenerator generator = new ReportGenerator(results);
        generator.regressions = regressions;
        String html = generator.render(resultsJsonFile, outDir);
        AtomicFiles.write(index, html.getBytes(StandardCharsets.UTF_8));
        return index;
    }

    private String render(Path resultsJsonFile, Path outDir) {
        EnvironmentInfo env = results.environment();
        h.open("html", "lang", "en").open("head")
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", "jmlbench report: " + Format.orMissing(results.runId()))
                .styleSheet().close();
        h.open("body");
        h.element("h1", "jmlbench results");
        // the run in one line, so that the overview starts on the first screen
        h.element("p", "Run " + Format.orMissing(results.runId()) + "; started "
                + Format.orMissing(env == null ? null : env.timestamp()) + " (UTC); commit "
                + Format.orMissing(env == null ? null : env.gitCommit()) + "; "
                + (env == null ? Format.MISSING : env.cpuModel() + ", " + env.logicalCores() + " logical cores")
                + (results.datasets().stream().anyMatch(DatasetInfo::synthetic)
                ? ". Some tasks ran on synthetic (generated) data; they are marked as such below." : "."),
                "class", "note run");
        Map<String, List<TaskView>> families = families();
        Overview.write(h, palette, results.comparisons().isEmpty()
                ? dev.jmlbench.reports.stats.EngineComparisons.of(results.measurements()) : results.comparisons(),
                families);
        contents(families);
        summary(families);
        if (regressions != null) {
            RegressionReport.write(h, regressions, palette);
        }
        families.forEach(this::family);
        CrossSections.pareto(h, sink, tasks);
        CrossSections.classicVsDl(h, sink, results, tasks);
        CrossSections.efficiency(h, sink, results);
        ParityTable.write(h, results);
        RunSections.environment(h, results);
        RunSections.cells(h, results);
        RunSections.datasets(h, results);
        RunSections.files(h, resultsJsonFile, outDir);
        h.element("p", "Generated by jmlbench-reports from results schema version " + results.schemaVersion()
                + ".", "class", "note");
        h.close().close();
        return h.finish();
    }

    /** Tasks by family, in the order CNN, RNN, CLASSIC, then tasks without a spec. */
    private Map<String, List<TaskView>> families() {
        Map<String, List<TaskView>> out = new LinkedHashMap<>();
        for (TaskFamily f : TaskFamily.values()) {
            List<TaskView> ts = tasks.stream().filter(t -> t.family() == f).toList();
            if (!ts.isEmpty()) {
                out.put(f.name(), ts);
            }
        }
        List<TaskView> other = tasks.stream().filter(t -> t.family() == null).toList();
        if (!other.isEmpty()) {
            out.put("OTHER", other);
        }
        return out;
    }

    private static String familyTitle(String family) {
        return switch (family) {
            case "CNN" -> "CNN tasks (convolutional networks)";
            case "RNN" -> "RNN tasks (recurrent networks)";
            case "CLASSIC" -> "Classic machine-learning tasks";
            default -> "Other tasks (no specification in the results)";
        };
    }

    private void contents(Map<String, List<TaskView>> families) {
        h.open("nav", "aria-label", "Contents").open("ul", "class", "toc");
        h.linkItem("#overview", "Overview", "");
        h.linkItem("#summary", "Summary", "");
        if (regressions != null) {
            h.linkItem("#regressions", "Regressions and history", "");
        }
        families.keySet().forEach(f -> h.linkItem("#family-" + f.toLowerCase(Locale.ROOT), familyTitle(f), ""));
        h.linkItem("#environment", "Environment and fairness", "");
        h.linkItem("#cells", "Failed, skipped and unsupported cells", "");
        h.linkItem("#files", "Files", "");
        h.close().close();
    }

    // ------------------------------------------------------------------------------------------- summary

    private void summary(Map<String, List<TaskView>> families) {
        h.open("section", "id", "summary").element("h2", "Summary");
        if (results.measurements().isEmpty()) {
            h.element("p", "No measurements were recorded in this run; see the failed, skipped and unsupported"
                    + " cells below for the reasons.");
        }
        if (tasks.isEmpty()) {
            h.element("p", "The results name no tasks.");
            h.close();
            return;
        }
        List<Comparisons.Group> all = Comparisons.ranked(results.measurements(), results.comparisons());
        if (!all.isEmpty()) {
            h.element("p", Summary.tally(all), "class", "tally");
        }
        families.forEach((family, ts) -> {
            h.element("h3", familyTitle(family));
            h.open("ul", "class", "summary");
            for (TaskView task : ts) {
                h.open("li").element("strong", task.taskId);
                if (task.dataset != null && task.dataset.synthetic()) {
                    h.text(" (synthetic data)");
                }
                h.open("ul");
                List<Comparisons.Group> groups = Comparisons.ranked(task.measurements(), results.comparisons());
                boolean threads = Comparisons.threadsVary(groups);
                if (groups.isEmpty()) {
                    h.element("li", "No speed figure was measured for this task.");
                }
                groups.forEach(g -> h.element("li", Summary.line(task, g, threads)));
                h.element("li", Summary.quality(task));
                Summary.leakCheck(task).ifPresent(line -> h.element("li", line));
                Summary.coldVsSteady(task, groups).ifPresent(line -> h.element("li", line, "class", "cold-steady"));
                h.close().close();
            }
            h.close();
        });
        h.element("p", "How to read this: every speed figure is measured in several JVM forks, and the fork is the"
                + " unit of replication (iterations inside one fork share its JIT decisions and memory layout). Two"
                + " engines are compared by the ratio of their speeds with a 95% confidence interval: Welch's t"
                + " interval on the logarithms of the per-fork means. 'Faster' is claimed only when the whole"
                + " interval lies beyond the practical margin, 'equivalent' only when it lies inside it; anything"
                + " else is inconclusive and says so. Intervals in the tables are 95% t-intervals over the per-fork"
                + " means.", "class", "note");
        h.close();
    }

    // ------------------------------------------------------------------------------------------- families and tasks

    private void family(String family, List<TaskView> ts) {
        h.open("section", "class", "family", "id", "family-" + family.toLowerCase(Locale.ROOT));
        h.element("h2", familyTitle(family));
        TaskSection section = new TaskSection(h, palette, results, sink);
        ts.forEach(section::write);
        h.close();
    }

    // ------------------------------------------------------------------------------------------- charts

    private void charts(String what, Supplier<List<Charts.Chart>> charts) {
        List<Charts.Chart> cs;
        try {
            cs = charts.get();
        } catch (RuntimeException e) {
            failedChart(what, e);
            return;
        }
        cs.forEach(this::embed);
    }

    private void embed(Charts.Chart chart) {
        h.pngImage(chart.png(palette), chart.alt(), Charts.WIDTH, Charts.HEIGHT, "chart");
    }

    private void failedChart(String what, RuntimeException e) {
        h.element("p", "Chart \"" + what + "\" could not be drawn: " + e, "class", "missing chart-failed");
    }

}
