package dev.jmlbench.reports;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes the human-readable report of one run: a self-contained {@code index.html} (inline CSS, charts as
 * embedded PNG, readable without JavaScript and printable) and {@code results.csv}, from {@link RunResults}
 * alone.
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

    /** The comparison with a baseline and the run history; null when the report has none. */
    private RegressionSection regressions;

    private ReportGenerator(RunResults results) {
        this.results = results;
        this.tasks = TaskView.of(results);
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
        h.open("dl", "class", "kv");
        definition("Run id", results.runId());
        definition("Started (UTC)", env == null ? null : env.timestamp());
        definition("Git commit", env == null ? null : env.gitCommit());
        h.close();
        if (results.datasets().stream().anyMatch(DatasetInfo::synthetic)) {
            h.element("p", "Some tasks ran on synthetic (generated) data; they are marked as such below.",
                    "class", "note");
        }
        summary();
        if (regressions != null) {
            RegressionReport.write(h, regressions);
        }
        tasks.forEach(this::task);
        ParityTable.write(h, results);
        cells();
        engines();
        environment(env);
        datasets();
        links(resultsJsonFile, outDir);
        h.element("p", "Generated by jmlbench-reports from results schema version " + results.schemaVersion()
                + ".", "class", "note");
        h.close().close();
        return h.finish();
    }

    private void summary() {
        h.open("section", "id", "summary").element("h2", "Summary");
        if (results.measurements().isEmpty()) {
            h.element("p", "No measurements were recorded in this run; see the failed, skipped and unsupported"
                    + " cells below for the reasons.");
        }
        if (tasks.isEmpty()) {
            h.element("p", "The results name no tasks.");
        } else {
            h.open("ul");
            for (TaskView task : tasks) {
                h.open("li").element("strong", task.taskId);
                if (task.dataset != null && task.dataset.synthetic()) {
                    h.text(" (synthetic data)");
                }
                h.open("ul");
                Summary.throughput(task).forEach(s -> h.element("li", s));
                h.element("li", Summary.accuracy(task));
                h.close().close();
            }
            h.close();
        }
        h.close();
    }

    private void task(TaskView task) {
        h.open("section", "class", "task", "id", "task-" + task.taskId);
        h.element("h2", "Task " + task.taskId + (task.dataset != null && task.dataset.synthetic()
                ? " (synthetic data)" : ""));
        TaskSpec spec = task.spec;
        if (spec != null) {
            h.element("p", spec.description());
            h.element("p", "Family " + spec.family() + "; dataset " + spec.dataset().id() + " ("
                    + (task.split() != null ? task.split() : spec.dataset().splitDescription())
                    + "); quality target: test accuracy of at least "
                    + Format.percent(spec.target().threshold()) + "; training: " + spec.training().epochs()
                    + " epochs, mini-batches of " + spec.training().batchSize() + ".", "class", "note");
        } else {
            h.element("p", "This task's specification is not part of the results.", "class", "note");
        }
        h.open("table").open("thead").open("tr");
        for (String head : List.of("Engine", "Device", "Test accuracy", "Training time",
                "Parity max abs diff vs reference", "Inference throughput (\u00b1 99.9% CI)",
                "Latency p50 / p90 / p99")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        for (TaskView.Row row : task.rows) {
            h.open("tr");
            h.element("th", task.engineName(row.engine()), "scope", "row");
            h.element("td", Format.orMissing(row.device()));
            if (!task.hasFigures(row)) {
                Optional<String> reason = task.missingReason(row, JMH_STAGES);
                h.element("td", Format.MISSING + reason.map(r -> " (" + r + ")").orElse(" (no figures recorded)"),
                        "class", "missing", "colspan", "5");
                h.close();
                continue;
            }
            valueCell(task, row, task.accuracyText(row), QUALITY_STAGES);
            valueCell(task, row, task.quality(row, Names.METRIC_TRAIN_TIME).map(ReportGenerator::withUnit),
                    QUALITY_STAGES);
            valueCell(task, row, task.quality(row, Names.METRIC_PARITY).map(ReportGenerator::withUnit),
                    QUALITY_STAGES);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_THROUGHPUT),
                    ReportGenerator::throughputText);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_LATENCY),
                    ReportGenerator::latencyText);
            h.close();
        }
        h.close().close();
        h.element("p", "Throughput: JMH score (mean over measurement iterations) \u00b1 the half-width of its"
                + " 99.9% confidence interval. Parity: largest absolute difference between this engine's test-set"
                + " probabilities and the reference engine's, trained from identical initial weights; absent for"
                + " the reference engine itself. Latency: percentiles of the time of one single-example"
                + " prediction.", "class", "note");
        Charts.throughput(task).ifPresent(this::chart);
        Charts.latency(task).ifPresent(this::chart);
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
        return Format.number(m.value()) + " " + Format.orMissing(m.unit());
    }

    private static String throughputText(Measurement m) {
        String params = TaskView.paramsText(m);
        return Format.withError(m.value(), m.error()) + " " + Format.orMissing(m.unit())
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
        for (String p : List.of("p50", "p90", "p99")) {
            Double v = m.percentiles().get(p);
            parts.add(v == null ? Format.MISSING : Format.number(v));
        }
        return String.join(" / ", parts) + unit + suffix;
    }

    private void chart(Charts.Chart chart) {
        h.pngImage(chart.png(), chart.alt(), Charts.WIDTH, Charts.HEIGHT, "chart");
    }

    private void cells() {
        h.open("section", "id", "cells").element("h2", "Failed, skipped, unsupported and below-target cells");
        List<CellStatus> notOk = results.cells().stream().filter(c -> c.status() != CellStatus.Status.OK).toList();
        if (notOk.isEmpty()) {
            h.element("p", results.cells().isEmpty() ? "No cell outcomes were recorded."
                    : "Every cell ran and met its quality target.");
        } else {
            table(List.of("Task", "Engine", "Device", "Stage", "Status", "Reason"), () -> notOk.forEach(c -> row(
                    TaskView.isBlank(c.task()) ? "all tasks" : c.task(), c.engine(), c.device(), c.stage(),
                    c.status() == null ? null : c.status().name(), c.reason())));
        }
        h.close();
    }

    private void engines() {
        h.open("section", "id", "engines").element("h2", "Engines");
        if (results.engines().isEmpty()) {
            h.element("p", "No engine was opened.");
        } else {
            table(List.of("Id", "Name", "Library version", "Native version", "Thread settings applied", "Devices"),
                    () -> results.engines().forEach(this::engineRow));
        }
        h.close();
    }

    private void engineRow(EngineInfo e) {
        h.open("tr");
        h.element("td", Format.orMissing(e.id()));
        h.element("td", Format.orMissing(e.displayName()));
        h.element("td", Format.orMissing(e.libraryVersion()));
        h.element("td", Format.orMissing(e.nativeVersion()));
        h.element("td", Format.map(e.threads()));
        h.open("td");
        if (e.devices().isEmpty()) {
            h.text(Format.MISSING);
        }
        for (int i = 0; i < e.devices().size(); i++) {
            DeviceStatus d = e.devices().get(i);
            if (i > 0) {
                h.empty("br");
            }
            h.text(d.device() + ": " + (d.available() ? "available"
                    : "skipped" + (TaskView.isBlank(d.reason()) ? "" : ": " + d.reason())));
        }
        h.close().close();
    }

    private void environment(EnvironmentInfo env) {
        h.open("section", "id", "environment").element("h2", "Environment");
        if (env == null) {
            h.element("p", "The results do not describe the environment.");
        } else {
            h.open("dl", "class", "kv");
            definition("CPU", env.cpuModel());
            definition("CPU flags", String.join(" ", env.cpuFlags()));
            definition("Logical cores", Integer.toString(env.logicalCores()));
            definition("Memory", Format.gibibytes(env.memoryBytes()));
            definition("OS", env.os());
            definition("JVM", env.jvm());
            definition("JVM flags", String.join(" ", env.jvmFlags()));
            definition("Thread settings", Format.map(env.threadSettings()));
            definition("Git commit", env.gitCommit());
            definition("Started (UTC)", env.timestamp());
            h.close();
        }
        h.close();
    }

    private void datasets() {
        h.open("section", "id", "datasets").element("h2", "Datasets");
        if (results.datasets().isEmpty()) {
            h.element("p", "No dataset provenance was recorded.");
        } else {
            table(List.of("Id", "Source", "Licence", "SHA-256", "Synthetic"),
                    () -> results.datasets().forEach(d -> row(d.id(), d.source(), d.licence(), d.sha256(),
                            d.synthetic() ? "yes (generated data)" : "no")));
        }
        h.close();
    }

    private void links(Path resultsJsonFile, Path outDir) {
        h.open("section", "id", "files").element("h2", "Files").open("ul");
        link(relative(outDir, resultsJsonFile), resultsJsonFile.getFileName().toString(),
                " \u2014 every figure of this run, with its spread and provenance");
        Path jmh = resultsJsonFile.toAbsolutePath().resolveSibling(JMH_JSON);
        if (Files.exists(jmh)) {
            link(relative(outDir, jmh), JMH_JSON, " \u2014 JMH's own results");
        } else {
            h.element("li", JMH_JSON + ": not present next to " + resultsJsonFile.getFileName());
        }
        link(RESULTS_CSV, RESULTS_CSV, " \u2014 the measurements as CSV, one row each");
        h.close().close();
    }

    private void link(String href, String text, String description) {
        h.open("li").element("a", text, "href", href).text(description).close();
    }

    /** {@code target} relative to {@code dir}, as a percent-encoded relative URL. */
    static String relative(Path dir, Path target) {
        Path rel = dir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        String path = String.join("/", parts);
        try {
            // "./" keeps a first segment with a colon from reading as a scheme
            return new URI(null, null, path.startsWith("../") ? path : "./" + path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot link to " + target, e);
        }
    }

    private void definition(String term, String value) {
        h.element("dt", term).element("dd", Format.orMissing(value));
    }

    private void table(List<String> headers, Runnable body) {
        h.open("table").open("thead").open("tr");
        headers.forEach(head -> h.element("th", head, "scope", "col"));
        h.close().close().open("tbody");
        body.run();
        h.close().close();
    }

    private void row(String... values) {
        h.open("tr");
        for (String v : values) {
            h.element("td", Format.orMissing(v));
        }
        h.close();
    }
}
