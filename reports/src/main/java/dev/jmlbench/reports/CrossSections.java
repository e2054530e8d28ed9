package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.Direction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sections that look across tasks: accuracy against latency with its Pareto front, classic learners against
 * networks on one dataset, and GFLOP/s as a share of the machine's peak.
 */
final class CrossSections {
    private CrossSections() {
    }

    // ---------------------------------------------------------------- accuracy against latency (Pareto front)

    /** One (task, engine) point: its quality and mean single-example latency, and whether it is Pareto-optimal. */
    record Point(TaskView task, TaskView.Row row, Measurement quality, Measurement latency, boolean optimal) {
    }

    /** The points per dataset and quality metric, each with at least two points; optimal ones marked. */
    static Map<String, List<Point>> paretoPoints(List<TaskView> tasks) {
        Map<String, List<Point>> groups = new LinkedHashMap<>();
        for (TaskView task : tasks) {
            String dataset = datasetId(task);
            if (dataset == null) {
                continue;
            }
            for (TaskView.Row row : task.rows) {
                Optional<Measurement> q = task.qualityFigure(row).filter(m -> Double.isFinite(m.value()));
                Optional<Measurement> lat = task.scenario(row, Names.SCENARIO_INFERENCE_LATENCY).stream()
                        .filter(m -> Double.isFinite(m.value()) && m.value() > 0).findFirst();
                if (q.isPresent() && lat.isPresent()) {
                    groups.computeIfAbsent(dataset + "\u0000" + task.qualityMetric(), k -> new ArrayList<>())
                            .add(new Point(task, row, q.get(), lat.get(), false));
                }
            }
        }
        Map<String, List<Point>> out = new LinkedHashMap<>();
        groups.forEach((key, points) -> {
            if (points.size() >= 2) {
                Direction d = Direction.of(points.get(0).quality().metric());
                out.put(key, points.stream().map(p -> new Point(p.task(), p.row(), p.quality(), p.latency(),
                        points.stream().noneMatch(o -> dominates(o, p, d)))).toList());
            }
        });
        return out;
    }

    /** Whether {@code a} is at least as good as {@code b} in both quality and latency and better in one. */
    static boolean dominates(Point a, Point b, Direction quality) {
        double qa = a.quality().value();
        double qb = b.quality().value();
        boolean qualityAtLeast = quality == Direction.LOWER_IS_BETTER ? qa <= qb : qa >= qb;
        boolean latencyAtLeast = a.latency().value() <= b.latency().value();
        boolean strictly = quality.better(qa, qb) || a.latency().value() < b.latency().value();
        return qualityAtLeast && latencyAtLeast && strictly;
    }

    static void pareto(HtmlWriter h, ChartSink sink, List<TaskView> tasks) {
        Map<String, List<Point>> groups = paretoPoints(tasks);
        if (groups.isEmpty()) {
            return;
        }
        h.open("section", "id", "quality-latency").element("h2", "Quality against latency");
        h.element("p", "Each point is one task trained and timed on one engine: its test quality against its mean"
                + " single-example latency. A point is Pareto-optimal when no other point on the same dataset is at"
                + " least as good in both and better in one; the line joins the Pareto-optimal points.", "class",
                "note");
        groups.forEach((key, points) -> {
            String dataset = key.substring(0, key.indexOf('\u0000'));
            String metric = points.get(0).quality().metric();
            h.element("h3", "Dataset " + dataset + ": " + Format.metricName(metric) + " against latency");
            sink.chart("quality against latency, " + dataset, () -> paretoChart(dataset, points));
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Task", "Engine", "Test " + Format.metricName(metric), "Mean latency",
                    "Pareto-optimal")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            for (Point p : points) {
                h.open("tr");
                h.element("th", p.task().taskId, "scope", "row");
                h.element("td", p.task().label(p.row()));
                h.element("td", Format.quality(metric, p.quality().value(), p.quality().unit()), "class", "num");
                h.element("td", Format.withUnit(p.latency().value(), p.latency().unit()), "class", "num");
                h.element("td", p.optimal() ? "yes" : "no");
                h.close();
            }
            h.close().close();
        });
        h.close();
    }

    static Optional<Charts.Chart> paretoChart(String dataset, List<Point> points) {
        String metric = points.get(0).quality().metric();
        boolean fraction = Names.UNIT_FRACTION.equals(points.get(0).quality().unit())
                && !Names.METRIC_R2.equals(metric);
        boolean logX = ChartKit.wantsLog(points.stream().map(p -> p.latency().value()).toList());
        String unit = Format.orMissing(points.get(0).latency().unit());
        XYChart chart = ChartKit.xy("Test " + Format.metricName(metric) + " against latency: dataset " + dataset,
                "mean single-example latency (" + unit + ")" + (logX ? ", log scale" : ""),
                "test " + Format.metricName(metric) + (fraction ? " (%)" : ""));
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setMarkerSize(10);
        Map<String, List<Point>> byEngine = new LinkedHashMap<>();
        points.forEach(p -> byEngine.computeIfAbsent(p.row().engine() + (p.row().device() == null
                || Names.DEVICE_CPU.equals(p.row().device()) ? "" : " " + p.row().device()), k -> new ArrayList<>()).add(p));
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : byEngine.entrySet()) {
            XYSeries s = ChartKit.addXY(chart, e.getKey(), e.getValue().stream().map(p -> p.latency().value()).toList(),
                    e.getValue().stream().map(p -> y(p, fraction)).toList(), logX, false);
            if (s != null) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        List<Point> front = points.stream().filter(Point::optimal)
                .sorted(Comparator.comparingDouble(p -> p.latency().value())).toList();
        XYSeries line = ChartKit.addXY(chart, "Pareto front", front.stream().map(p -> p.latency().value()).toList(),
                front.stream().map(p -> y(p, fraction)).toList(), logX, false);
        if (line != null) {
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(java.awt.Color.GRAY);
        }
        double offset = padY(chart, points.stream().map(p -> y(p, fraction)).toList());
        ChartKit.labels(chart, front.stream().map(p -> p.task().taskId).toList(),
                front.stream().map(p -> p.latency().value()).toList(), front.stream().map(p -> y(p, fraction)).toList(),
                false, offset);
        padX(chart, points.stream().map(p -> p.latency().value()).toList(), logX);
        for (Point p : points) {
            alt.add(p.task().taskId + " on " + p.row().engine() + ": " + Format.quality(metric, p.quality().value(),
                    p.quality().unit()) + " at " + Format.withUnit(p.latency().value(), unit)
                    + (p.optimal() ? " (Pareto-optimal)" : ""));
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Charts.Chart(chart, "Scatter chart of test " + Format.metricName(metric)
                + " against mean single-example latency on dataset " + dataset + ", the Pareto front joined by a line: "
                + String.join("; ", alt) + "."));
    }

    /**
     * Room above the highest point for its label, and a narrow range around equal values; returns the offset of a
     * label above its point (5% of the axis).
     */
    private static double padY(XYChart chart, List<Double> ys) {
        double min = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double range = max - min > 0 ? max - min : Math.max(Math.abs(max) * 0.01, 1e-9);
        double low = min - range * 0.1;
        double high = max + range * 0.2;
        chart.getStyler().setYAxisMin(low);
        chart.getStyler().setYAxisMax(high);
        return (high - low) * 0.05;
    }

    /** Room left and right of the outermost points for their labels. */
    private static void padX(XYChart chart, List<Double> xs, boolean log) {
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (log) {
            chart.getStyler().setXAxisMin(min / 1.4);
            chart.getStyler().setXAxisMax(max * 1.4);
        } else {
            double range = max - min > 0 ? max - min : Math.max(Math.abs(max) * 0.1, 1e-9);
            chart.getStyler().setXAxisMin(Math.max(0, min - range * 0.1));
            chart.getStyler().setXAxisMax(max + range * 0.1);
        }
    }

    private static double y(Point p, boolean fraction) {
        return fraction ? p.quality().value() * 100 : p.quality().value();
    }

    // ---------------------------------------------------------------- classic learners against networks

    /** One row of a classic-against-deep-learning table. */
    record LearnerRow(String learner, String task, Boolean classic, String engine, Map<String, Measurement> figures,
                      Measurement latency) {
    }

    static final List<String> CLASSIC_VS_DL_METRICS = List.of(Names.METRIC_ACCURACY, Names.METRIC_MACRO_F1,
            Names.METRIC_TRAIN_TIME, Names.METRIC_MODEL_SIZE);

    /** The rows per dataset that has both classic and network learners (or dl-vs-classic figures). */
    static Map<String, List<LearnerRow>> classicVsDlRows(RunResults results, List<TaskView> tasks) {
        Map<String, Set<Boolean>> kinds = new LinkedHashMap<>();
        for (TaskSpec t : results.tasks()) {
            kinds.computeIfAbsent(t.dataset().id(), k -> new LinkedHashSet<>()).add(t.algorithm() != null);
        }
        Map<String, List<LearnerRow>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Boolean>> e : kinds.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            List<LearnerRow> rows = new ArrayList<>();
            for (TaskView task : tasks) {
                if (task.spec == null || !task.spec.dataset().id().equals(e.getKey())) {
                    continue;
                }
                for (TaskView.Row row : task.rows) {
                    Map<String, Measurement> figures = new LinkedHashMap<>();
                    for (String metric : CLASSIC_VS_DL_METRICS) {
                        task.quality(row, metric).ifPresent(m -> figures.put(metric, m));
                    }
                    if (figures.isEmpty()) {
                        continue;
                    }
                    Measurement latency = task.scenario(row, Names.SCENARIO_INFERENCE_LATENCY).stream().findFirst()
                            .orElse(null);
                    rows.add(new LearnerRow(task.spec.learnerName(), task.taskId, !task.spec.isNetwork(),
                            label(row), figures, latency));
                }
            }
            out.put(e.getKey(), rows);
        }
        // the dl-vs-classic scenario: figures keyed by the params dataset and learner
        Map<String, Map<String, LearnerRow>> block = new LinkedHashMap<>();
        for (Measurement m : results.measurements()) {
            if (!Names.SCENARIO_DL_VS_CLASSIC.equals(m.scenario())) {
                continue;
            }
            String dataset = m.params().get(Names.PARAM_DATASET);
            String learner = m.params().get(Names.PARAM_LEARNER);
            if (dataset == null || learner == null) {
                continue;
            }
            String key = learner + "\u0000" + m.engine() + "\u0000" + m.device();
            LearnerRow row = block.computeIfAbsent(dataset, k -> new LinkedHashMap<>()).computeIfAbsent(key,
                    k -> new LearnerRow(learner, m.task(), isClassic(results, m.task()), m.engine()
                            + (m.device() == null || m.device().isBlank() || Names.DEVICE_CPU.equals(m.device()) ? ""
                            : " " + m.device()), new LinkedHashMap<>(), null));
            if (Names.METRIC_LATENCY.equals(m.metric())) {
                block.get(dataset).put(key, new LearnerRow(row.learner(), row.task(), row.classic(), row.engine(),
                        row.figures(), m));
            } else {
                row.figures().putIfAbsent(m.metric(), m);
            }
        }
        // the harness's block is the comparison as measured (learner labels, the timed latency): for the tasks it
        // covers it replaces the rows gathered from the task sections, which would otherwise show them twice
        block.forEach((dataset, rows) -> {
            Set<String> covered = new LinkedHashSet<>();
            rows.values().forEach(r -> covered.add(r.task()));
            List<LearnerRow> merged = new ArrayList<>(out.getOrDefault(dataset, List.of()));
            merged.removeIf(r -> covered.contains(r.task()));
            merged.addAll(rows.values());
            out.put(dataset, merged);
        });
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /** Whether the task is a classic learner; null when the results do not hold its spec. */
    private static Boolean isClassic(RunResults results, String task) {
        return results.tasks().stream().filter(t -> t.id().equals(task)).findFirst().map(t -> t.algorithm() != null)
                .orElse(null);
    }

    private static String label(TaskView.Row row) {
        return row.engine() + (row.device() == null || Names.DEVICE_CPU.equals(row.device()) ? "" : " " + row.device());
    }

    static void classicVsDl(HtmlWriter h, ChartSink sink, RunResults results, List<TaskView> tasks) {
        Map<String, List<LearnerRow>> byDataset = classicVsDlRows(results, tasks);
        if (byDataset.isEmpty()) {
            return;
        }
        h.open("section", "id", "classic-vs-dl").element("h2", "Classic learners against networks");
        h.element("p", "The same dataset and split, learned by classic algorithms (trees, forests, boosting, linear"
                + " models) and by networks. Training time is the whole training run; latency is the mean time of one"
                + " single-example prediction; model size counts trainable parameters of a network or the nodes of a"
                + " tree ensemble, so it compares learners only loosely.", "class", "note");
        byDataset.forEach((dataset, rows) -> {
            h.element("h3", "Dataset " + dataset);
            sink.chart("classic against networks, " + dataset, () -> classicVsDlChart(dataset, rows));
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Learner", "Task", "Kind", "Engine", "Accuracy", "Macro-F1", "Training time",
                    "Inference latency (mean)", "Model size")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            for (LearnerRow r : rows) {
                h.open("tr");
                h.element("th", r.learner(), "scope", "row");
                h.element("td", Format.orMissing(r.task()));
                h.element("td", r.classic() == null ? Format.MISSING : r.classic() ? "classic" : "network");
                h.element("td", r.engine());
                figureCell(h, r.figures().get(Names.METRIC_ACCURACY), true);
                figureCell(h, r.figures().get(Names.METRIC_MACRO_F1), true);
                figureCell(h, r.figures().get(Names.METRIC_TRAIN_TIME), false);
                figureCell(h, r.latency(), false);
                Measurement size = r.figures().get(Names.METRIC_MODEL_SIZE);
                h.element("td", size == null ? Format.MISSING : String.format(java.util.Locale.ROOT, "%,.0f",
                        size.value()) + (Names.UNIT_COUNT.equals(size.unit()) || size.unit() == null ? ""
                        : " " + size.unit()), "class", size == null ? "missing" : "num");
                h.close();
            }
            h.close().close();
        });
        h.close();
    }

    private static void figureCell(HtmlWriter h, Measurement m, boolean quality) {
        if (m == null) {
            h.element("td", Format.MISSING, "class", "missing");
        } else {
            h.element("td", quality ? Format.quality(m.metric(), m.value(), m.unit())
                    : Format.withUnit(m.value(), m.unit()), "class", "num");
        }
    }

    static Optional<Charts.Chart> classicVsDlChart(String dataset, List<LearnerRow> rows) {
        List<LearnerRow> drawn = rows.stream().filter(r -> r.figures().containsKey(Names.METRIC_ACCURACY)
                && r.figures().containsKey(Names.METRIC_TRAIN_TIME)
                && r.figures().get(Names.METRIC_TRAIN_TIME).value() > 0).toList();
        if (drawn.isEmpty()) {
            return Optional.empty();
        }
        boolean logX = ChartKit.wantsLog(drawn.stream().map(r -> r.figures().get(Names.METRIC_TRAIN_TIME).value())
                .toList());
        XYChart chart = ChartKit.xy("Accuracy against training time: dataset " + dataset,
                "training time (s)" + (logX ? ", log scale" : ""), "test accuracy (%)");
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setMarkerSize(10);
        Map<String, List<LearnerRow>> byLearner = new LinkedHashMap<>();
        drawn.forEach(r -> byLearner.computeIfAbsent(!Boolean.FALSE.equals(r.classic()) || r.task() == null || r.learner().contains(r.task())
                ? r.learner() : r.learner() + " " + r.task(), k -> new ArrayList<>()).add(r));
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, List<LearnerRow>> e : byLearner.entrySet()) {
            XYSeries s = ChartKit.addXY(chart, e.getKey(),
                    e.getValue().stream().map(r -> r.figures().get(Names.METRIC_TRAIN_TIME).value()).toList(),
                    e.getValue().stream().map(r -> r.figures().get(Names.METRIC_ACCURACY).value() * 100).toList(),
                    logX, false);
            if (s != null) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
            for (LearnerRow r : e.getValue()) {
                alt.add(e.getKey() + " on " + r.engine() + ": " + Format.percent(r.figures().get(
                        Names.METRIC_ACCURACY).value()) + " after " + Format.number(r.figures().get(
                        Names.METRIC_TRAIN_TIME).value()) + " s");
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        List<Double> ys = drawn.stream().map(r -> r.figures().get(Names.METRIC_ACCURACY).value() * 100).toList();
        double offset = padY(chart, ys);
        ChartKit.labels(chart, drawn.stream().map(LearnerRow::engine).toList(),
                drawn.stream().map(r -> r.figures().get(Names.METRIC_TRAIN_TIME).value()).toList(), ys, false, offset);
        padX(chart, drawn.stream().map(r -> r.figures().get(Names.METRIC_TRAIN_TIME).value()).toList(), logX);
        return Optional.of(new Charts.Chart(chart, "Scatter chart of test accuracy against training time"
                + " on dataset " + dataset + ", one marker per learner, labelled with the engine: "
                + String.join("; ", alt) + "."));
    }

    // ---------------------------------------------------------------- GFLOP/s as a share of peak

    static final List<String> GFLOPS_SCENARIOS = List.of(Names.SCENARIO_INFERENCE_THROUGHPUT, Names.SCENARIO_TRAINING_THROUGHPUT);

    static void efficiency(HtmlWriter h, ChartSink sink, RunResults results) {
        List<Measurement> gflops = results.measurements().stream()
                .filter(m -> Calibration.METRIC_GFLOPS.equals(m.metric()) && GFLOPS_SCENARIOS.contains(m.scenario())
                        && Double.isFinite(m.value()) && m.value() > 0).toList();
        if (gflops.isEmpty()) {
            return;
        }
        h.open("section", "id", "efficiency").element("h2", "Arithmetic throughput against the machine's peak");
        h.element("p", "GFLOP/s of a model: examples per second times the forward-pass floating-point operations per"
                + " example (multiply-adds counted as two), the best over the batch sizes measured.", "class", "note");
        boolean anyPeak = false;
        for (String scenario : GFLOPS_SCENARIOS) {
            // a share of peak only against the peak at the same thread count: one chart per thread count
            Map<String, List<Measurement>> byThreads = new LinkedHashMap<>();
            gflops.stream().filter(m -> scenario.equals(m.scenario())).forEach(m -> byThreads.computeIfAbsent(
                    String.valueOf(m.params().get(Names.PARAM_THREADS)), k -> new ArrayList<>()).add(m));
            for (Map.Entry<String, List<Measurement>> e : byThreads.entrySet()) {
                String threads = e.getValue().get(0).params().get(Names.PARAM_THREADS);
                Optional<Calibration.Peak> peak = Calibration.peak(results, threads);
                anyPeak |= peak.isPresent();
                String what = scenarioName(scenario) + (byThreads.size() > 1 ? " with " + Format.orMissing(threads)
                        + " thread(s)" : "");
                if (peak.isEmpty()) {
                    h.element("p", "The machine's peak is not in these results (no measurement of scenario '"
                            + Calibration.SCENARIO + "' with metric '" + Calibration.METRIC_FMA_PEAK + "' or '"
                            + Calibration.METRIC_SGEMM + "' for " + Format.orMissing(threads) + " thread(s)), so "
                            + what + " cannot be shown as a share of peak; the chart gives absolute GFLOP/s"
                            + " instead.", "class", "missing");
                } else {
                    h.element("p", "Peak for " + what + ": " + peak.get().description() + ".", "class", "note");
                }
                sink.chart("GFLOP/s, " + what, () -> gflopsChart(scenario, e.getValue(), peak));
            }
        }
        if (!anyPeak && !Calibration.any(results)) {
            h.element("p", "Run the calibration benchmarks (PeakFlopsBenchmark and GemmBenchmark) and record them in"
                    + " the results to get the share of peak.", "class", "note");
        }
        h.close();
    }

    private static String scenarioName(String scenario) {
        return Names.SCENARIO_INFERENCE_THROUGHPUT.equals(scenario) ? "inference" : "training";
    }

    static Optional<Charts.Chart> gflopsChart(String scenario, List<Measurement> ms, Optional<Calibration.Peak> peak) {
        // best per (task, engine label)
        Map<String, Map<String, Measurement>> best = new LinkedHashMap<>();
        Set<String> engines = new LinkedHashSet<>();
        for (Measurement m : ms) {
            String engine = Charts.label(m, false);
            engines.add(engine);
            best.computeIfAbsent(m.task(), k -> new LinkedHashMap<>()).merge(engine, m,
                    (a, b) -> b.value() > a.value() ? b : a);
        }
        List<String> tasks = new ArrayList<>(best.keySet());
        double scale = peak.map(p -> 100 / p.value()).orElse(1.0);
        List<Double> all = new ArrayList<>();
        best.values().forEach(e -> e.values().forEach(m -> all.add(m.value() * scale)));
        boolean log = ChartKit.wantsLog(all);
        String what = peak.isPresent() ? "% of peak" : Names.UNIT_GFLOPS;
        CategoryChart chart = ChartKit.bars((Names.SCENARIO_INFERENCE_THROUGHPUT.equals(scenario) ? "Inference"
                : "Training") + " GFLOP/s" + (peak.isPresent() ? " as a share of the machine's peak" : " (peak not"
                + " recorded)"), "task", what + (log ? ", log scale" : ""));
        if (log) {
            ChartKit.logBars(chart, all.stream().mapToDouble(Double::doubleValue).min().orElse(1));
        } else {
            chart.getStyler().setYAxisMin(0.0);
        }
        List<String> alt = new ArrayList<>();
        for (String engine : engines) {
            List<Double> y = new ArrayList<>();
            for (String task : tasks) {
                Measurement m = best.get(task).get(engine);
                y.add(m == null ? null : m.value() * scale);
                if (m != null) {
                    alt.add(task + " on " + engine + ": " + Format.number(m.value()) + " GFLOP/s"
                            + (peak.isPresent() ? " (" + Format.number(m.value() * scale) + "% of peak)" : "")
                            + (m.params().get(Names.PARAM_BATCH_SIZE) == null ? ""
                            : " at batch " + m.params().get(Names.PARAM_BATCH_SIZE)));
                }
            }
            if (y.stream().anyMatch(Objects::nonNull)) {
                chart.addSeries(ChartKit.unique(chart, engine), tasks, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Charts.Chart(chart, "Bar chart of " + scenarioName(scenario)
                + " GFLOP/s per task and engine" + (peak.isPresent() ? " as a percentage of " + peak.get().description()
                : " (the machine's peak is not recorded)") + (log ? ", logarithmic axis" : "") + ": "
                + String.join("; ", alt) + "."));
    }

    /** The dataset a task runs on: from its spec, else from its figures; null when unknown. */
    static String datasetId(TaskView task) {
        if (task.spec != null) {
            return task.spec.dataset().id();
        }
        return task.measurements().stream().filter(m -> m.dataset() != null && m.dataset().id() != null)
                .map(m -> m.dataset().id()).findFirst().orElse(null);
    }
}
