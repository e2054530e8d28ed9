package dev.jmlbench.reports;

import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.ConfidenceIntervals;
import dev.jmlbench.reports.stats.Interval;
import dev.jmlbench.reports.stats.RatioInterval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One task's section of the report, collapsed under its title: the spec in a sentence, a table of every engine
 * and device (quality, training time, parity, throughput, latency, training throughput, or why a figure is
 * missing), the cold-against-steady line, the task's charts, the scaling fits, every engine comparison behind the
 * summary and the models' provenance.
 */
final class TaskSection {
    private static final String[] QUALITY_STAGES = {Names.STAGE_QUALITY, Names.STAGE_OPEN};
    private static final String[] JMH_STAGES = {Names.STAGE_JMH, Names.STAGE_QUALITY, Names.STAGE_OPEN};

    private final HtmlWriter h;
    private final EnginePalette palette;
    private final RunResults results;
    private final ChartSink sink;

    TaskSection(HtmlWriter h, EnginePalette palette, RunResults results, ChartSink sink) {
        this.h = h;
        this.palette = palette;
        this.results = results;
        this.sink = sink;
    }

    /** The section of {@code task}. */
    void write(TaskView task) {
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
                "Output max abs diff vs reference after identical training", "Inference throughput (\u00b1 95% CI)",
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
            trainingTimeCell(task, row);
            valueCell(task, row, task.quality(row, Names.METRIC_PARITY).map(TaskSection::withUnit),
                    QUALITY_STAGES);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_THROUGHPUT),
                    TaskSection::throughputText);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_INFERENCE_LATENCY),
                    TaskSection::latencyText);
            linesCell(task, row, task.scenario(row, Names.SCENARIO_TRAINING_THROUGHPUT).stream()
                    .filter(m -> Names.METRIC_THROUGHPUT.equals(m.metric())).toList(),
                    TaskSection::throughputText);
            h.close();
        }
        h.close().close();
        h.element("p", "Throughput: JMH score (mean over the measurement iterations) \u00b1 the half-width of its 95%"
                + " confidence interval (t interval over the iteration scores; a percentile bootstrap, shown as a"
                + " range, when they are many and skewed). Parity: largest absolute difference between this engine's"
                + " test-set probabilities and the reference engine's, trained from identical initial weights; absent"
                + " for the reference engine itself. Latency: percentiles of the time of one single-example"
                + " prediction. Training time: the quality stage's single cold run; beneath it, where the engine"
                + " reports epochs, its first epoch (JIT warm-up and native initialisation included) and the median"
                + " of its later epochs (per-epoch evaluation excluded).", "class", "note");
        Summary.coldVsSteady(task, Comparisons.ranked(task.measurements(), results.comparisons()))
                .ifPresent(line -> h.element("p", line, "class", "note cold-steady"));
        // the dot chart only where there is no line per engine across batch sizes: the tables give the intervals
        sink.chart("throughput, " + task.taskId, () -> Charts.batchScaling(task).isPresent() ? Optional.empty()
                : Charts.throughput(task));
        sink.chart("throughput against batch size, " + task.taskId, () -> Charts.batchScaling(task));
        sink.chart("latency percentiles, " + task.taskId, () -> Charts.latency(task));
        sink.charts("training curves, " + task.taskId, () -> Charts.trainingCurves(task));
        sink.chart("time to target, " + task.taskId, () -> Charts.timeToTarget(task));
        scaling(task);
        sink.chart("long-sequence quality, " + task.taskId, () -> Charts.longSequenceQuality(task));
        stepTimes(task);
        sink.chart("training divergence, " + task.taskId, () -> Charts.trainingDivergence(task));
        sink.chart("gradient norms, " + task.taskId, () -> Charts.gradientNorms(task));
        leakCheck(task);
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

    /**
     * The long-sequence experiment's time per training step: the chart against sequence length (one line per engine
     * and cell) and a table of the figures with the exponent b of {@code time ~ length^b} per engine and cell.
     */
    private void stepTimes(TaskView task) {
        List<Measurement> ms = Charts.stepTimes(task);
        if (ms.isEmpty()) {
            return;
        }
        sink.chart("long-sequence time per step, " + task.taskId, () -> Charts.longSequenceStepTime(task));
        List<Long> lengths = ms.stream().map(m -> Charts.numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH)))
                .distinct().sorted().toList();
        java.util.Map<List<String>, List<Measurement>> byLine = new java.util.TreeMap<>(
                java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        ms.forEach(m -> byLine.computeIfAbsent(List.of(m.engine(), Format.orMissing(m.params().get(Names.PARAM_CELL))),
                k -> new ArrayList<>()).add(m));
        h.element("p", "Time per training step (one mini-batch: forward, backward, optimiser update), in"
                + " milliseconds: the median over the epochs after the first where the engine reports epochs (JIT"
                + " warm-up stays in the first), else the whole training run over its steps. Exponent b of time ="
                + " a · length^b, least squares on log-log: b = 1 is time linear in the sequence length, b < 1"
                + " a fixed cost per step that the length does not yet dominate.", "class", "note");
        List<String> headers = new ArrayList<>(List.of("Engine", "Cell"));
        lengths.forEach(l -> headers.add("Length " + l));
        headers.add("Exponent b");
        h.table(headers, () -> byLine.forEach((key, points) -> {
            List<String> cells = new ArrayList<>(List.of(task.engineName(key.get(0)), key.get(1)));
            for (long length : lengths) {
                cells.add(points.stream().filter(m -> Charts.numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH))
                        == length).findFirst().map(m -> Format.number(m.value() * 1e3) + " ms").orElse(null));
            }
            double b = Charts.lengthExponent(points);
            cells.add(Double.isFinite(b) ? Format.exponent(b, null) : null);
            h.row(cells.toArray(String[]::new));
        }));
    }

    private void scaling(TaskView task) {
        sink.chart("scaling of training time, " + task.taskId,
                () -> Charts.scaling(task, Names.METRIC_TRAIN_TIME));
        sink.chart("scaling of peak heap, " + task.taskId, () -> Charts.scaling(task, Names.METRIC_PEAK_HEAP));
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

    /**
     * The leak check: the chart of resident memory against time and a table with each engine's growth after the
     * warm-up, over the last third of the run, and what that says.
     */
    private void leakCheck(TaskView task) {
        List<LeakReading> readings = task.leakReadings();
        if (readings.isEmpty()) {
            return;
        }
        sink.chart("leak check, " + task.taskId, () -> Charts.leakCheck(task));
        h.element("p", "Leak check: a trained model predicts batches of the test set without pause while the"
                + " process's resident memory is sampled. Resident memory includes the Java heap, which the JVM grows"
                + " towards its -Xmx as it needs, so growth that levels off is memory reaching its working size;"
                + " growth still under way over the last third of the run is a leak or memory that had not reached"
                + " its working size yet. Growth after warm-up: the least-squares slope after the first fifth of the"
                + " run; below " + LeakReading.rate(LeakReading.FLAT_MIB_PER_MINUTE) + " reads as flat. Native"
                + " growth: resident memory less the committed Java heap, where the heap was sampled.",
                "class", "note");
        h.table(List.of("Engine", "Device", "Predictions", "Resident memory, start to end", "Growth after warm-up",
                "Growth over the last third", "Native growth over the last third", "Reading"),
                () -> readings.forEach(r -> h.row(task.engineName(r.figure().engine()),
                        Format.orMissing(r.figure().device()),
                        (r.calls() < 0 ? Format.MISSING : String.format(java.util.Locale.ROOT, "%,d", r.calls()))
                                + " in " + r.duration(),
                        LeakReading.mib(r.start()) + " to " + LeakReading.mib(r.end()), LeakReading.rate(r.growth()),
                        LeakReading.rate(r.lateGrowth()), r.heapMib() == null ? Format.MISSING + " (heap not sampled)"
                                : LeakReading.rate(r.lateNativeGrowth()), r.reading())));
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

    /** The cold run's training time, with its first epoch against the later ones beneath where recorded. */
    private void trainingTimeCell(TaskView task, TaskView.Row row) {
        List<String> lines = new ArrayList<>();
        task.quality(row, Names.METRIC_TRAIN_TIME).map(TaskSection::withUnit).ifPresent(lines::add);
        task.epochTimesText(row).ifPresent(lines::add);
        if (lines.isEmpty()) {
            missing(task, row, QUALITY_STAGES);
            return;
        }
        h.open("td", "class", "num");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                h.empty("br");
            }
            h.text(lines.get(i));
        }
        h.close();
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
}
