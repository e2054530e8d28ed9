package dev.jmlbench.reports;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.ConfidenceIntervals;
import dev.jmlbench.reports.stats.Interval;
import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.reports.stats.RatioInterval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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

    private static final String[] QUALITY_STAGES = {Names.STAGE_QUALITY, Names.STAGE_OPEN};
    private static final String[] JMH_STAGES = {Names.STAGE_JMH, Names.STAGE_QUALITY, Names.STAGE_OPEN};

    private final RunResults results;
    private final List<TaskView> tasks;
    private final HtmlWriter h = new HtmlWriter();
    /** One colour and marker per engine, in every chart and table of the report. */
    private final EnginePalette palette;
    /** Where the cross-task sections put their charts. */
    private final ChartSink sink = this::chart;

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
        ts.forEach(this::task);
        h.close();
    }

    private void task(TaskView task) {
        h.open("section", "class", "task", "id", "task-" + task.taskId);
        // collapsed, so that the page stays short: the overview and the summary carry the answer
        h.open("details", "class", "task").open("summary");
        h.element("h3", "Task " + task.taskId + (task.dataset != null && task.dataset.synthetic()
                ? " (synthetic data)" : ""));
        h.close();
        TaskSpec spec = task.spec;
        if (spec != null) {
            h.element("p", spec.description());
            h.element("p", "Family " + spec.family() + "; dataset " + spec.dataset().id() + " ("
                    + (task.split() != null ? task.split() : spec.dataset().splitDescription())
                    + "); quality target: test " + Format.target(spec.target()) + "; " + learner(spec) + ".",
                    "class", "note");
        } else {
            h.element("p", "This task's specification is not part of the results.", "class", "note");
        }
        String metric = Format.metricName(task.qualityMetric());
        h.open("table").open("thead").open("tr");
        for (String head : List.of("Engine", "Device", "Test " + metric, "Training time",
                "Parity max abs diff vs reference", "Inference throughput (\u00b1 95% CI)",
                "Latency p50 / p90 / p99", "Training throughput (\u00b1 95% CI)")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        for (TaskView.Row row : task.rows) {
            h.open("tr");
            h.open("th", "scope", "row");
            palette.swatch(h, row.engine(), task.engineName(row.engine()));
            h.close();
            h.element("td", Format.orMissing(row.device()));
            if (!task.hasFigures(row)) {
                Optional<String> reason = task.missingReason(row, JMH_STAGES);
                h.element("td", Format.MISSING + reason.map(r -> " (" + r + ")").orElse(" (no figures recorded)"),
                        "class", "missing", "colspan", "6");
                h.close();
                continue;
            }
            valueCell(task, row, task.qualityText(row), QUALITY_STAGES);
            valueCell(task, row, task.quality(row, Names.METRIC_TRAIN_TIME).map(ReportGenerator::withUnit),
                    QUALITY_STAGES);
            valueCell(task, row, task.quality(row, Names.METRIC_PARITY).map(ReportGenerator::withUnit),
                    QUALITY_STAGES);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_THROUGHPUT),
                    ReportGenerator::throughputText);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_LATENCY),
                    ReportGenerator::latencyText);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_TRAINING_THROUGHPUT).stream()
                    .filter(m -> Names.METRIC_THROUGHPUT.equals(m.metric())).toList(),
                    ReportGenerator::throughputText);
            h.close();
        }
        h.close().close();
        h.element("p", "Throughput: JMH score (mean over the measurement iterations) \u00b1 the half-width of its 95%"
                + " confidence interval (t interval over the iteration scores; a percentile bootstrap, shown as a"
                + " range, when they are many and skewed). Parity: largest absolute difference between this engine's"
                + " test-set probabilities and the reference engine's, trained from identical initial weights; absent"
                + " for the reference engine itself. Latency: percentiles of the time of one single-example"
                + " prediction.", "class", "note");
        Summary.coldVsSteady(task, Comparisons.ranked(task.measurements(), results.comparisons()))
                .ifPresent(line -> h.element("p", line, "class", "note cold-steady"));
        // the dot chart only where there is no line per engine across batch sizes: the tables give the intervals
        chart("throughput, " + task.taskId, () -> Charts.batchScaling(task).isPresent() ? Optional.empty()
                : Charts.throughput(task));
        chart("throughput against batch size, " + task.taskId, () -> Charts.batchScaling(task));
        chart("latency percentiles, " + task.taskId, () -> Charts.latency(task));
        charts("training curves, " + task.taskId, () -> Charts.trainingCurves(task));
        chart("time to target, " + task.taskId, () -> Charts.timeToTarget(task));
        scaling(task);
        chart("long-sequence quality, " + task.taskId, () -> Charts.longSequenceQuality(task));
        chart("training divergence, " + task.taskId, () -> Charts.trainingDivergence(task));
        chart("gradient norms, " + task.taskId, () -> Charts.gradientNorms(task));
        significance(task);
        provenance(task);
        h.close().close();
    }

    private static String learner(TaskSpec spec) {
        if (spec.training() != null) {
            return "training: " + spec.training().epochs() + " epochs, mini-batches of "
                    + spec.training().batchSize();
        }
        ClassicAlgorithm a = spec.algorithm();
        if (a == null) {
            return "learner: " + Format.MISSING;
        }
        // the record's own text, "RandomForest[trees=50, ...]", less its type name
        String settings = a.toString();
        int open = settings.indexOf('[');
        return "learner: " + a.displayName() + (open >= 0 && settings.endsWith("]")
                ? " (" + settings.substring(open + 1, settings.length() - 1) + ")" : "");
    }

    private void scaling(TaskView task) {
        chart("scaling of training time, " + task.taskId, () -> Charts.scaling(task, Names.METRIC_TRAIN_TIME));
        chart("scaling of peak heap, " + task.taskId, () -> Charts.scaling(task, Names.METRIC_PEAK_HEAP));
        List<Measurement> fits = task.inScenario(Names.SCENARIO_SCALING_FIT).stream()
                .filter(m -> Names.METRIC_GROWTH_EXPONENT.equals(m.metric())).toList();
        List<Measurement> points = task.inScenario(Names.SCENARIO_SCALING);
        if (fits.isEmpty() && points.isEmpty()) {
            return;
        }
        if (!fits.isEmpty()) {
            h.element("p", "Fitted growth exponents b of y = a \u00b7 rows^b (least squares on log-log, \u00b1 standard"
                    + " error): b = 1 is linear, b = 2 quadratic.", "class", "note");
            h.table(List.of("Engine", "Device", "Fitted metric", "Exponent b"), () -> fits.forEach(f -> h.row(
                    task.engineName(f.engine()), f.device(), f.params().get(Names.PARAM_OF),
                    Format.exponent(f.value(), f.error()))));
        }
        if (!points.isEmpty()) {
            h.open("details").element("summary", "Scaling figures (" + points.size() + ")");
            h.table(List.of("Engine", "Rows", "Metric", "Value"), () -> points.stream()
                    .sorted(java.util.Comparator.comparing(Measurement::engine)
                            .thenComparing(Measurement::metric)
                            .thenComparingLong(m -> Charts.numeric(m.params().get(Names.PARAM_ROWS))))
                    .forEach(m -> h.row(m.engine(), m.params().get(Names.PARAM_ROWS), m.metric(),
                            Names.METRIC_ACCURACY.equals(m.metric()) ? Format.percent(m.value())
                                    : Format.withUnit(m.value(), m.unit()))));
            h.close();
        }
    }

    /** Every engine pair behind the summary's lines for this task, collapsed. */
    private void significance(TaskView task) {
        List<Comparisons.Group> groups = Comparisons.ranked(task.measurements(), results.comparisons()).stream()
                .filter(g -> g.figures().size() >= 2).toList();
        if (groups.isEmpty()) {
            return;
        }
        boolean threads = Comparisons.threadsVary(groups);
        int pairs = groups.stream().mapToInt(g -> g.pairs().size()).sum();
        h.open("details").element("summary", "Engine comparisons (" + pairs + " pairs)");
        h.open("table").open("thead").open("tr");
        for (String head : List.of("Comparison", "Engine A", "Engine B", "A's speed / B's", "95% CI", "Forks",
                "Verdict")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        for (Comparisons.Group g : groups) {
            for (EngineComparison c : g.pairs()) {
                h.open("tr");
                h.element("th", Comparisons.label(g, threads), "scope", "row");
                h.element("td", c.engineA() + " " + figureOf(g, c.engineA()));
                h.element("td", c.engineB() + " " + figureOf(g, c.engineB()));
                h.element("td", RatioInterval.factor(c.ratio()) + "x", "class", "num");
                h.element("td", Double.isFinite(c.low()) ? RatioInterval.factor(c.low()) + "-"
                        + RatioInterval.factor(c.high()) + "x" : c.method(), "class", "num");
                h.element("td", c.forksA() + " / " + c.forksB(), "class", "num");
                h.element("td", c.verdict(), "class", c.verdict());
                h.close();
            }
        }
        h.close().close().close();
    }

    private static String figureOf(Comparisons.Group g, String engine) {
        return g.figures().stream().filter(m -> m.engine().equals(engine)).findFirst()
                .map(m -> Format.interval(ConfidenceIntervals.of(m), m.unit())).orElse("");
    }

    private void provenance(TaskView task) {
        List<ModelProvenance> ps = results.provenance().stream().filter(p -> task.taskId.equals(p.task())).toList();
        if (ps.isEmpty()) {
            return;
        }
        h.open("details", "class", "provenance").element("summary", "Model provenance (" + ps.size() + " model"
                + (ps.size() == 1 ? "" : "s") + ")");
        for (ModelProvenance p : ps) {
            h.element("h4", task.engineName(p.engine()));
            if (p.entries().isEmpty()) {
                h.element("p", "No entries recorded.", "class", "missing");
                continue;
            }
            h.open("dl", "class", "kv");
            p.entries().forEach(h::definition);
            h.close();
        }
        h.close();
    }

    private void valueCell(TaskView task, TaskView.Row row, Optional<String> value, String[] stages) {
        if (value.isPresent()) {
            h.element("td", value.get(), "class", "num");
        } else {
            missing(task, row, stages);
        }
    }

    private void linesCell(TaskView task, TaskView.Row row, List<Measurement> ms,
                           Function<Measurement, String> text) {
        if (ms.isEmpty()) {
            missing(task, row, JMH_STAGES);
            return;
        }
        h.open("td", "class", "num");
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) {
                h.empty("br");
            }
            h.text(text.apply(ms.get(i)));
        }
        h.close();
    }

    private void missing(TaskView task, TaskView.Row row, String[] stages) {
        Optional<String> reason = task.missingReason(row, stages);
        h.element("td", Format.MISSING + reason.map(r -> " (" + r + ")").orElse(""), "class", "missing");
    }

    private static String withUnit(Measurement m) {
        return Format.withUnit(m.value(), m.unit());
    }

    private static String throughputText(Measurement m) {
        String params = TaskView.paramsText(Comparisons.comparableMeasurement(m));
        Interval ci = ConfidenceIntervals.of(m);
        String level = ci.known() && ci.level() != ConfidenceIntervals.LEVEL ? " (" + Format.level(ci.level())
                + " CI)" : "";
        return Format.interval(ci, Format.orMissing(m.unit())) + level
                + (params.isEmpty() ? "" : " (" + params + ")")
                + (Boolean.FALSE.equals(m.qualityMet()) ? "; model below quality target" : "");
    }

    private static String latencyText(Measurement m) {
        String unit = " " + Format.orMissing(m.unit());
        String threads = m.params().get(Names.PARAM_THREADS);
        String suffix = threads == null ? "" : " (threads " + threads + ")";
        if (m.percentiles() == null || m.percentiles().isEmpty()) {
            return "mean " + Format.number(m.value()) + unit + suffix;
        }
        List<String> parts = new ArrayList<>();
        for (String p : List.of(Names.PERCENTILE_P50, Names.PERCENTILE_P90, Names.PERCENTILE_P99)) {
            Double v = m.percentiles().get(p);
            parts.add(v == null || !Double.isFinite(v) ? Format.MISSING : Format.number(v));
        }
        return String.join(" / ", parts) + unit + suffix;
    }

    // ------------------------------------------------------------------------------------------- charts

    private void chart(String what, Supplier<Optional<Charts.Chart>> chart) {
        charts(what, () -> chart.get().stream().toList());
    }

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
