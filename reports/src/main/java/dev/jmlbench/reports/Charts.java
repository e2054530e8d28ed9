package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.reports.stats.ConfidenceIntervals;
import dev.jmlbench.reports.stats.Interval;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The charts of one task, rendered by XChart to PNG. Each is drawn only when its data exists; values XChart cannot
 * draw (missing, NaN, not positive on a logarithmic axis) are left out and named in the alt text.
 */
final class Charts {
    /** Size of every chart in pixels, also written into the {@code <img>}. */
    static final int WIDTH = 800;
    static final int HEIGHT = 400;

    /** Latency percentiles drawn, in order, with their position on the percentile axis. */
    static final List<String> PERCENTILES = List.of(Names.PERCENTILE_P50, Names.PERCENTILE_P90, Names.PERCENTILE_P99,
            Names.PERCENTILE_P999, Names.PERCENTILE_P9999);

    /**
     * A chart and the alt text that states its figures; it is rendered, in the engines' colours, where it is put on a
     * page ({@link #png(EnginePalette)}).
     */
    record Chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String alt) {
        /** The chart as compressed PNG, each engine's series in its colour and marker of {@code palette}. */
        byte[] png(EnginePalette palette) {
            return ChartKit.png(chart, palette);
        }

        /** The chart as PNG with a palette of the engines its series name (for tests and single charts). */
        byte[] png() {
            return png(EnginePalette.of(chart.getSeriesMap().keySet().stream()
                    .map(n -> n.split("[ ,:(]", 2)[0]).toList()));
        }
    }

    private Charts() {
    }

    /**
     * Inference throughput per batch size (the categories) and engine (one series each, in the engine's colour), with
     * 95% confidence intervals as error bars (dot and whisker); logarithmic when the figures span more than a factor
     * of 20. Empty without throughput figures.
     */
    static Optional<Chart> throughput(TaskView task) {
        List<Measurement> ms = task.throughput().stream().filter(m -> Double.isFinite(m.value())).toList();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        boolean threads = threadsDiffer(ms);
        Map<String, List<Measurement>> byBatch = new LinkedHashMap<>();
        ms.stream().sorted(Comparator.comparingLong(m -> numeric(m.params().get(Names.PARAM_BATCH_SIZE))))
                .forEach(m -> byBatch.computeIfAbsent(batch(m), k -> new ArrayList<>()).add(m));
        List<String> categories = new ArrayList<>(byBatch.keySet());
        List<String> engines = distinct(ms, m -> label(m, threads));
        boolean log = ChartKit.wantsLog(ms.stream().map(Measurement::value).toList());
        String unit = Format.orMissing(ms.get(0).unit());
        XYChart chart = ChartKit.xy("Inference throughput: " + task.taskId, "batch size", "throughput (" + unit
                + ")" + (log ? ", log scale" : ""));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setMarkerSize(9);
        ChartKit.categoryAxis(chart, categories);
        if (!log) {
            chart.getStyler().setYAxisMin(0.0);
        }
        List<String> alt = new ArrayList<>();
        List<String> clipped = new ArrayList<>();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Map.Entry<String, List<Measurement>> e : byBatch.entrySet()) {
            for (Measurement m : e.getValue()) {
                String engine = label(m, threads);
                if (log && !(m.value() > 0)) {
                    alt.add(fullLabel(m, task, threads) + ", " + e.getKey() + ": " + Format.number(m.value())
                            + " (not drawn on the logarithmic axis)");
                    continue;
                }
                Interval ci = ConfidenceIntervals.of(m);
                double hw = ci.halfWidth();
                if (log && hw >= m.value()) {
                    hw = m.value() * 0.99; // the axis cannot show a bound at or below zero
                    clipped.add(fullLabel(m, task, threads) + ", " + e.getKey());
                }
                int s = engines.indexOf(engine);
                double offset = engines.size() == 1 ? 0 : -0.25 + 0.5 * s / (engines.size() - 1);
                series.computeIfAbsent(engine, k -> new ArrayList<>()).add(new double[] {
                    categories.indexOf(e.getKey()) + offset, m.value(), Double.isFinite(hw) ? hw : 0});
                alt.add(fullLabel(m, task, threads) + ", " + e.getKey() + ": " + Format.interval(ci, null)
                        + ci(ci));
            }
        }
        series.forEach((engine, ps) -> chart.addSeries(ChartKit.unique(chart, engine),
                ps.stream().mapToDouble(p -> p[0]).toArray(), ps.stream().mapToDouble(p -> p[1]).toArray(),
                ps.stream().mapToDouble(p -> p[2]).toArray()));
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        String note = clipped.isEmpty() ? "" : " Error bars cut at the axis for: " + String.join(", ", clipped) + ".";
        return Optional.of(new Chart(chart, "Dot chart of inference throughput (" + unit
                + ", error bars: 95% confidence interval of the mean over the measurement iterations"
                + (log ? ", logarithmic axis" : "") + ") for task " + task.taskId + ": " + String.join("; ", alt)
                + "." + note));
    }

    /**
     * Throughput against batch size, one line per engine, logarithmic batch axis (and throughput axis when it
     * spans more than a factor of 20). Empty unless some engine was measured at two or more batch sizes.
     */
    static Optional<Chart> batchScaling(TaskView task) {
        List<Measurement> ms = task.throughput().stream()
                .filter(m -> numeric(m.params().get(Names.PARAM_BATCH_SIZE)) != Long.MAX_VALUE
                        && numeric(m.params().get(Names.PARAM_BATCH_SIZE)) > 0 && Double.isFinite(m.value()))
                .toList();
        boolean threads = threadsDiffer(ms);
        Map<String, List<Measurement>> lines = new LinkedHashMap<>();
        ms.forEach(m -> lines.computeIfAbsent(label(m, threads), k -> new ArrayList<>()).add(m));
        boolean any = lines.values().stream().anyMatch(l -> l.stream()
                .map(m -> m.params().get(Names.PARAM_BATCH_SIZE)).distinct().count() >= 2);
        if (!any) {
            return Optional.empty();
        }
        boolean logY = ChartKit.wantsLog(ms.stream().map(Measurement::value).toList());
        String unit = Format.orMissing(ms.get(0).unit());
        XYChart chart = ChartKit.xy("Throughput against batch size: " + task.taskId, "batch size (log scale)",
                "throughput (" + unit + ")" + (logY ? ", log scale" : ""));
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        List<String> alt = linesOver(chart, lines, Names.PARAM_BATCH_SIZE, "batch", v -> v,
                m -> Format.number(m.value()), true, logY);
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of inference throughput (" + unit
                + ") against batch size (logarithmic) for task " + task.taskId + ", one line per engine: "
                + String.join("; ", alt) + "."));
    }

    /**
     * Latency percentile curves: p50, p90, p99 and p99.9 (p99.99 when measured) per engine, the percentiles equally
     * spaced (each a tenfold smaller tail after p90), logarithmic latency axis. Missing or non-positive percentiles
     * are left out of their line; an engine without any drawable percentile gets no line; no chart without lines.
     */
    static Optional<Chart> latency(TaskView task) {
        List<Measurement> ms = task.latency().stream().filter(m -> m.percentiles() != null).toList();
        boolean threads = threadsDiffer(ms);
        int last = 3;
        for (Measurement m : ms) {
            if (drawable(m.percentiles().get(Names.PERCENTILE_P9999))) {
                last = 4;
            }
        }
        List<String> axis = PERCENTILES.subList(0, last + 1);
        List<Double> all = new ArrayList<>();
        ms.forEach(m -> axis.forEach(p -> all.add(m.percentiles().get(p))));
        boolean allPositive = all.stream().filter(Objects::nonNull).filter(Double::isFinite).allMatch(v -> v > 0);
        String unit = ms.isEmpty() ? "" : Format.orMissing(ms.get(0).unit());
        XYChart chart = ChartKit.xy("Single-example latency percentiles: " + task.taskId, "percentile",
                "latency (" + unit + ")" + (allPositive ? ", log scale" : ""));
        chart.getStyler().setYAxisLogarithmic(allPositive);
        ChartKit.categoryAxis(chart, axis);
        chart.getStyler().setPlotGridVerticalLinesVisible(true);
        List<String> alt = new ArrayList<>();
        for (Measurement m : ms) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < axis.size(); i++) {
                Double v = m.percentiles().get(axis.get(i));
                x.add((double) i);
                y.add(v);
                parts.add(axis.get(i) + " " + (drawable(v) ? Format.number(v) : Format.MISSING));
            }
            if (ChartKit.addXY(chart, label(m, threads), x, y, false, allPositive) != null) {
                alt.add(fullLabel(m, task, threads) + ": " + String.join(", ", parts));
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of single-example latency percentiles ("
                + unit + (allPositive ? ", logarithmic axis" : "") + ") for task " + task.taskId + ": "
                + String.join("; ", alt) + "."));
    }

    /**
     * Training curves: for each metric of the task's {@code training-curve} figures (the quality metric first, then
     * training loss, elapsed time, others), its value per epoch, one line per engine and seed.
     */
    /** Fewest epochs a training curve needs before it is drawn. */
    static final int MIN_CURVE_POINTS = 3;

    static List<Chart> trainingCurves(TaskView task) {
        List<Measurement> ms = task.inScenario(Names.SCENARIO_TRAINING_CURVE).stream()
                .filter(m -> !series(m).isEmpty()).toList();
        // cumulative time per epoch is a straight line whose end the tables give as the training time: not drawn
        List<String> metrics = new ArrayList<>(new LinkedHashSet<>(ms.stream().map(Measurement::metric)
                .filter(m -> !Names.METRIC_ELAPSED.equals(m)).toList()));
        List<String> order = List.of(task.qualityMetric(), Names.METRIC_ACCURACY, Names.METRIC_TRAIN_LOSS,
                Names.METRIC_ELAPSED);
        metrics.sort(Comparator.comparingInt(m -> order.contains(m) ? order.indexOf(m) : order.size()));
        boolean seeds = ms.stream().map(m -> String.valueOf(m.params().get(Names.PARAM_SEED))).distinct().count() > 1;
        boolean threads = threadsDiffer(ms);
        List<Chart> out = new ArrayList<>();
        for (String metric : metrics) {
            List<Measurement> curves = ms.stream().filter(m -> metric.equals(m.metric())).toList();
            List<Double> values = new ArrayList<>();
            curves.forEach(m -> values.addAll(series(m)));
            boolean log = ChartKit.wantsLog(values);
            boolean fraction = curves.stream().allMatch(m -> Names.UNIT_FRACTION.equals(m.unit()));
            String unit = curves.get(0).unit();
            String what = curveName(metric);
            XYChart chart = ChartKit.xy("Training curve, " + what + ": " + task.taskId, "epoch",
                    what + (fraction ? " (%)" : unit == null || unit.isBlank() ? "" : " (" + unit + ")")
                            + (log ? ", log scale" : ""));
            chart.getStyler().setYAxisLogarithmic(log);
            List<String> alt = new ArrayList<>();
            for (Measurement m : curves) {
                List<Double> raw = m.rawScores();
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < raw.size(); i++) {
                    x.add(i + 1.0);
                    Double v = raw.get(i);
                    y.add(v == null ? null : fraction ? v * 100 : v);
                }
                String name = label(m, threads) + (seeds ? " seed " + Format.orMissing(m.params().get(
                        Names.PARAM_SEED)) : "");
                if (ChartKit.addXY(chart, name, x, y, false, log) != null) {
                    Double lastValue = raw.get(raw.size() - 1);
                    alt.add(name + ": " + raw.size() + " epochs, first " + curveValue(raw.get(0), metric, fraction)
                            + ", last " + curveValue(lastValue, metric, fraction));
                }
            }
            // a curve needs three epochs: with one or two points per engine it says nothing the tables and the
            // alt text (first and last epoch) do not, and costs page weight
            boolean curve = chart.getSeriesMap().values().stream().anyMatch(x -> x.getXData().length >= MIN_CURVE_POINTS);
            if (curve) {
                if (curves.stream().mapToInt(m -> m.rawScores().size()).max().orElse(0) <= 20) {
                    chart.getStyler().setXAxisDecimalPattern("#,##0"); // whole epochs
                }
                out.add(new Chart(chart, "Line chart of " + what + " per epoch for task " + task.taskId
                        + (log ? " (logarithmic axis)" : "") + ": " + String.join("; ", alt) + "."));
            }
        }
        return out;
    }

    /**
     * Time to reach the quality target, per engine, as bars (logarithmic when the times span more than a factor of
     * 20). Engines with a quality figure but no time-to-target never reached the target and are named in the alt
     * text. Empty when no engine has a time-to-target.
     */
    static Optional<Chart> timeToTarget(TaskView task) {
        List<Measurement> ms = task.inScenario(Names.SCENARIO_QUALITY).stream()
                .filter(m -> Names.METRIC_TIME_TO_TARGET.equals(m.metric()) && Double.isFinite(m.value())
                        && m.value() >= 0).toList();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        boolean threads = threadsDiffer(ms);
        List<String> categories = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> alt = new ArrayList<>();
        for (Measurement m : ms) {
            String label = label(m, threads);
            if (!categories.contains(label)) {
                categories.add(label);
                values.add(m.value());
                alt.add(fullLabel(m, task, threads) + " " + Format.number(m.value()) + " s");
            }
        }
        List<String> never = new ArrayList<>();
        for (TaskView.Row row : task.rows) {
            if (task.qualityFigure(row).isPresent() && ms.stream().noneMatch(m -> Objects.equals(m.engine(),
                    row.engine()) && Objects.equals(blankToNull(m.device()), row.device()))) {
                never.add(task.label(row));
            }
        }
        boolean log = ChartKit.wantsLog(values) && values.stream().allMatch(v -> v > 0);
        CategoryChart chart = ChartKit.bars("Time to reach the quality target: " + task.taskId, "engine",
                "training time to target (s)" + (log ? ", log scale" : ""));
        if (log) {
            ChartKit.logBars(chart, values.stream().mapToDouble(Double::doubleValue).min().orElse(1));
        } else {
            chart.getStyler().setYAxisMin(0.0);
        }
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsPosition(0.95);
        chart.getStyler().setAvailableSpaceFill(Math.min(0.8, 0.3 * categories.size()));
        chart.getStyler().setOverlapped(true); // one series per engine, each with a value in its own category only
        for (int i = 0; i < categories.size(); i++) {
            List<Double> only = new ArrayList<>();
            for (int j = 0; j < categories.size(); j++) {
                only.add(i == j ? values.get(i) : null);
            }
            chart.addSeries(ChartKit.unique(chart, categories.get(i)), categories, only);
        }
        String target = task.spec == null ? "its quality target" : Format.target(task.spec.target());
        return Optional.of(new Chart(chart, "Bar chart of the training time until the test metric"
                + " first reached " + target + " for task " + task.taskId + ": " + String.join("; ", alt) + "."
                + (never.isEmpty() ? "" : " Never reached: " + String.join(", ", never) + ".")));
    }

    /**
     * The scaling study: {@code metric} (train-time, peak-heap) against training rows on log-log axes, one line per
     * engine, the fitted growth exponent b of y = a rows^b (scenario scaling-fit) in the legend. Empty unless some
     * engine has two or more row counts.
     */
    static Optional<Chart> scaling(TaskView task, String metric) {
        List<Measurement> ms = task.inScenario(Names.SCENARIO_SCALING).stream()
                .filter(m -> metric.equals(m.metric()) && numeric(m.params().get(Names.PARAM_ROWS)) != Long.MAX_VALUE)
                .toList();
        boolean threads = threadsDiffer(ms);
        Map<String, List<Measurement>> lines = new LinkedHashMap<>();
        ms.forEach(m -> lines.computeIfAbsent(label(m, threads), k -> new ArrayList<>()).add(m));
        if (lines.values().stream().noneMatch(l -> l.size() >= 2)) {
            return Optional.empty();
        }
        String unit = ms.get(0).unit();
        boolean bytes = Names.UNIT_BYTES.equals(unit);
        XYChart chart = ChartKit.xy("Scaling, " + metric + " against training rows: " + task.taskId,
                "training rows (log scale)", metric + " (" + (bytes ? "MiB" : Format.orMissing(unit))
                        + ", log scale)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, List<Measurement>> line : lines.entrySet()) {
            Measurement any = line.getValue().get(0);
            Optional<Measurement> fit = scalingFit(task, any, metric);
            String name = line.getKey() + fit.map(f -> ": b = " + Format.exponent(f.value(), f.error())).orElse("");
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<String> points = new ArrayList<>();
            line.getValue().stream().sorted(Comparator.comparingLong(m -> numeric(m.params().get(Names.PARAM_ROWS))))
                    .forEach(m -> {
                        x.add((double) numeric(m.params().get(Names.PARAM_ROWS)));
                        y.add(bytes ? m.value() / (1024.0 * 1024) : m.value());
                        points.add(m.params().get(Names.PARAM_ROWS) + " rows " + Format.withUnit(m.value(), unit));
                    });
            if (ChartKit.addXY(chart, name, x, y, true, true) != null) {
                alt.add(name + " (" + String.join(", ", points) + ")");
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Log-log line chart of " + metric + " against the number of"
                + " training rows for task " + task.taskId + ", with the fitted growth exponent b (\u00b1 standard"
                + " error) where recorded: " + String.join("; ", alt) + "."));
    }

    /** Most points a leak-check line draws (the samples are thinned evenly beyond it). */
    static final int LEAK_CHECK_POINTS = 60;

    /**
     * The leak check: resident memory against time while a trained model predicted without pause, one line per
     * engine (and device where several). Empty without leak-check figures.
     */
    static Optional<Chart> leakCheck(TaskView task) {
        List<LeakReading> readings = task.leakReadings();
        if (readings.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = ChartKit.xy("Leak check, resident memory while predicting: " + task.taskId,
                "seconds of inference", "resident memory (MiB)");
        chart.getStyler().setMarkerSize(4);
        List<String> alt = new ArrayList<>();
        for (LeakReading r : readings) {
            int every = Math.max(1, (r.mib().size() + LEAK_CHECK_POINTS - 1) / LEAK_CHECK_POINTS);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < r.mib().size(); i += every) {
                x.add(r.time(i));
                y.add(r.mib().get(i));
            }
            x.add(r.time(r.mib().size() - 1));
            y.add(r.end());
            String name = label(r.figure(), false);
            if (ChartKit.addXY(chart, name, x, y, false, false) != null) {
                alt.add(name + ": " + LeakReading.mib(r.start()) + " to " + LeakReading.mib(r.end()) + ", "
                        + r.shortReading());
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of the process's resident memory against seconds of"
                + " inference for task " + task.taskId + ": " + String.join("; ", alt) + "."));
    }

    /** The scaling-fit figure for the engine and device of {@code m} and the fitted {@code metric}. */
    static Optional<Measurement> scalingFit(TaskView task, Measurement m, String metric) {
        return task.inScenario(Names.SCENARIO_SCALING_FIT).stream()
                .filter(f -> Names.METRIC_GROWTH_EXPONENT.equals(f.metric())
                        && metric.equals(f.params().get(Names.PARAM_OF))
                        && Objects.equals(f.engine(), m.engine())
                        && Objects.equals(blankToNull(f.device()), blankToNull(m.device())))
                .findFirst();
    }

    /**
     * The long-sequence experiment's quality (accuracy, or mse when no accuracy was measured) against sequence
     * length, one line per recurrent cell (and engine where several). Empty without such figures.
     */
    static Optional<Chart> longSequenceQuality(TaskView task) {
        List<Measurement> all = task.inScenario(Names.SCENARIO_LONG_SEQUENCE).stream()
                .filter(m -> numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH)) != Long.MAX_VALUE).toList();
        String metric = all.stream().anyMatch(m -> Names.METRIC_ACCURACY.equals(m.metric())) ? Names.METRIC_ACCURACY
                : all.stream().anyMatch(m -> Names.METRIC_MSE.equals(m.metric())) ? Names.METRIC_MSE : null;
        if (metric == null) {
            return Optional.empty();
        }
        List<Measurement> ms = all.stream().filter(m -> metric.equals(m.metric())).toList();
        boolean engines = ms.stream().map(Measurement::engine).distinct().count() > 1;
        Map<String, List<Measurement>> lines = new LinkedHashMap<>();
        ms.forEach(m -> lines.computeIfAbsent(cellLabel(m, engines), k -> new ArrayList<>()).add(m));
        List<Double> lengths = ms.stream().map(m -> (double) numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH)))
                .toList();
        boolean logX = ChartKit.wantsLog(lengths);
        boolean fraction = Names.METRIC_ACCURACY.equals(metric);
        XYChart chart = ChartKit.xy("Long sequences, " + metric + " against sequence length: " + task.taskId,
                "sequence length" + (logX ? " (log scale)" : ""), fraction ? "test accuracy (%)" : metric);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (fraction) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(100.0);
        }
        List<String> alt = linesOver(chart, lines, Names.PARAM_SEQUENCE_LENGTH, "length",
                v -> fraction ? v * 100 : v, m -> fraction ? Format.percent(m.value()) : Format.number(m.value()),
                logX, false);
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of " + metric + " against sequence length per"
                + " recurrent cell for task " + task.taskId + ": " + String.join("; ", alt) + "."));
    }

    /** The long-sequence experiment's time-per-training-step figures with a positive value and a sequence length. */
    static List<Measurement> stepTimes(TaskView task) {
        return task.inScenario(Names.SCENARIO_LONG_SEQUENCE).stream()
                .filter(m -> Names.METRIC_STEP_TIME.equals(m.metric()) && Double.isFinite(m.value()) && m.value() > 0
                        && numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH)) != Long.MAX_VALUE).toList();
    }

    /**
     * The long-sequence experiment's time per training step against sequence length, one line per engine and
     * recurrent cell, in milliseconds, log-log when the values span a wide range: whose implementation scales with
     * the length (a line of slope 1 on log-log is time linear in the length). Empty without such figures.
     */
    static Optional<Chart> longSequenceStepTime(TaskView task) {
        List<Measurement> ms = stepTimes(task);
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Measurement>> lines = new LinkedHashMap<>();
        ms.stream().sorted(Comparator.comparing(Measurement::engine)).forEach(m -> lines.computeIfAbsent(
                cellLabel(m, true), k -> new ArrayList<>()).add(m));
        boolean logX = ChartKit.wantsLog(ms.stream().map(m -> (double) numeric(m.params().get(
                Names.PARAM_SEQUENCE_LENGTH))).toList());
        boolean logY = ChartKit.wantsLog(ms.stream().map(m -> m.value() * 1e3).toList());
        XYChart chart = ChartKit.xy("Long sequences, time per training step against sequence length: " + task.taskId,
                "sequence length" + (logX ? " (log scale)" : ""),
                "ms per training step" + (logY ? " (log scale)" : ""));
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        List<String> alt = linesOver(chart, lines, Names.PARAM_SEQUENCE_LENGTH, "length", v -> v * 1e3,
                m -> Format.number(m.value() * 1e3) + " ms", logX, logY);
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of the time per training step (milliseconds) against sequence"
                + " length per recurrent cell and engine for task " + task.taskId + ": " + String.join("; ", alt)
                + "."));
    }

    /**
     * The exponent b of {@code time = a * length^b} fitted by least squares on log-log over {@code points} (step-time
     * figures of one engine and cell); NaN with fewer than two distinct lengths.
     */
    static double lengthExponent(List<Measurement> points) {
        org.apache.commons.math3.stat.regression.SimpleRegression fit =
                new org.apache.commons.math3.stat.regression.SimpleRegression();
        java.util.Set<Long> lengths = new java.util.HashSet<>();
        for (Measurement m : points) {
            long length = numeric(m.params().get(Names.PARAM_SEQUENCE_LENGTH));
            if (length > 0 && length != Long.MAX_VALUE && m.value() > 0 && Double.isFinite(m.value())) {
                fit.addData(Math.log(length), Math.log(m.value()));
                lengths.add(length);
            }
        }
        return lengths.size() < 2 ? Double.NaN : fit.getSlope();
    }

    /**
     * Training divergence: the largest output difference from the parity reference against optimiser steps, one line
     * per engine and one for the rounding baseline (the reference started one float32 ulp away), both axes
     * logarithmic. Empty without such figures.
     */
    static Optional<Chart> trainingDivergence(TaskView task) {
        List<Measurement> ms = task.inScenario(Names.SCENARIO_TRAINING_DIVERGENCE).stream()
                .filter(m -> Names.METRIC_MAX_OUTPUT_DIFF.equals(m.metric())).toList();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Measurement>> lines = new LinkedHashMap<>();
        ms.stream().sorted(Comparator.comparing(m -> !Names.START_ONE_ULP.equals(m.params().get(Names.PARAM_START))))
                .forEach(m -> lines.computeIfAbsent(Names.START_ONE_ULP.equals(m.params().get(Names.PARAM_START))
                        ? m.engine() + " started 1 ulp away (rounding baseline)" : m.engine() + " vs reference",
                        k -> new ArrayList<>()).add(m));
        boolean logY = ms.stream().allMatch(m -> m.value() > 0);
        XYChart chart = ChartKit.xy("Training divergence from the reference engine: " + task.taskId,
                "optimiser steps (log scale; the last point is the full recipe)",
                "largest |p - p_ref| on test examples" + (logY ? " (log scale)" : ""));
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        List<String> alt = linesOver(chart, lines, Names.PARAM_STEPS, "steps", v -> v,
                m -> Format.number(m.value()), true, logY);
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of the largest test-probability difference from the"
                + " reference engine against optimiser steps for task " + task.taskId + ": " + String.join("; ", alt)
                + "."));
    }

    /**
     * Gradient norm against time step per recurrent cell (and engine where several), at the longest sequence length
     * measured for each, logarithmic norm axis when every norm is positive. Empty without gradient-norm series.
     */
    static Optional<Chart> gradientNorms(TaskView task) {
        List<Measurement> ms = task.inScenario(Names.SCENARIO_LONG_SEQUENCE).stream()
                .filter(m -> Names.METRIC_GRADIENT_NORM.equals(m.metric())
                        && !series(m).isEmpty()).toList();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        boolean engines = ms.stream().map(Measurement::engine).distinct().count() > 1;
        Map<String, Measurement> longest = new LinkedHashMap<>();
        for (Measurement m : ms) {
            longest.merge(cellLabel(m, engines), m, (a, b) -> numeric(b.params().get(Names.PARAM_SEQUENCE_LENGTH))
                    > numeric(a.params().get(Names.PARAM_SEQUENCE_LENGTH))
                    && numeric(b.params().get(Names.PARAM_SEQUENCE_LENGTH)) != Long.MAX_VALUE ? b : a);
        }
        List<Double> values = new ArrayList<>();
        longest.values().forEach(m -> values.addAll(series(m)));
        boolean log = values.stream().allMatch(v -> v > 0);
        XYChart chart = ChartKit.xy("Gradient norm against time step: " + task.taskId, "time step",
                "gradient norm" + (log ? " (log scale)" : ""));
        chart.getStyler().setYAxisLogarithmic(log);
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, Measurement> e : longest.entrySet()) {
            Measurement m = e.getValue();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < m.rawScores().size(); i++) {
                x.add(i + 1.0);
                y.add(m.rawScores().get(i));
            }
            String name = e.getKey() + ", length " + Format.orMissing(m.params().get(Names.PARAM_SEQUENCE_LENGTH));
            if (ChartKit.addXY(chart, name, x, y, false, log) != null) {
                List<Double> raw = series(m);
                alt.add(name + ": " + raw.size() + " steps, from " + Format.number(raw.get(0)) + " at step 1 to "
                        + Format.number(raw.get(raw.size() - 1)) + " at the last");
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(chart, "Line chart of the L2 norm of the loss gradient with respect"
                + " to the input at each time step, per recurrent cell at its longest sequence length, for task "
                + task.taskId + (log ? " (logarithmic axis)" : "") + ": " + String.join("; ", alt) + "."));
    }

    /** The finite values of a figure's series (per epoch, per time step) held in its raw scores. */
    static List<Double> series(Measurement m) {
        List<Double> out = new ArrayList<>();
        if (m.rawScores() != null) {
            m.rawScores().stream().filter(v -> v != null && Double.isFinite(v)).forEach(out::add);
        }
        return out;
    }

    private static String cellLabel(Measurement m, boolean withEngine) {
        String cell = Format.orMissing(m.params().get(Names.PARAM_CELL));
        return withEngine ? cell + " (" + m.engine() + ")" : cell;
    }

    private static String curveName(String metric) {
        return switch (metric) {
            case Names.METRIC_TRAIN_LOSS -> "training loss";
            case Names.METRIC_ELAPSED -> "elapsed training time";
            case Names.METRIC_ACCURACY -> "test accuracy";
            default -> Format.metricName(metric);
        };
    }

    private static String curveValue(Double v, String metric, boolean fraction) {
        if (v == null || !Double.isFinite(v)) {
            return Format.MISSING;
        }
        return fraction ? Format.percent(v) : Format.number(v);
    }

    private static String ci(Interval i) {
        return i.known() ? " (" + Format.level(i.level()) + " CI)" : " (no spread recorded)";
    }

    /**
     * A category's label: the engine id (short, so that axis labels do not overlap; the tables give the full
     * names), the device when it is not the CPU, and the thread count where the figures differ in it.
     */
    static String label(Measurement m, boolean withThreads) {
        String device = m.device() == null || m.device().isBlank() || m.device().equals(Names.DEVICE_CPU) ? "" : " " + m.device();
        String threads = m.params().get(Names.PARAM_THREADS);
        String label = m.engine() + device;
        return withThreads && threads != null ? label + ", threads " + threads : label;
    }

    /** The row's full label (engine name and device) for alt text, plus the thread count where it differs. */
    private static String fullLabel(Measurement m, TaskView task, boolean withThreads) {
        String threads = m.params().get(Names.PARAM_THREADS);
        return withThreads && threads != null ? task.label(m) + ", threads " + threads : task.label(m);
    }

    static boolean threadsDiffer(List<Measurement> ms) {
        return ms.stream().map(m -> String.valueOf(m.params().get(Names.PARAM_THREADS))).distinct().count() > 1;
    }

    private static String batch(Measurement m) {
        String batch = m.params().get(Names.PARAM_BATCH_SIZE);
        return batch == null ? "batch size not recorded" : "batch " + batch;
    }

    static List<String> distinct(List<Measurement> ms, Function<Measurement, String> label) {
        Set<String> labels = new LinkedHashSet<>();
        ms.forEach(m -> labels.add(label.apply(m)));
        return new ArrayList<>(labels);
    }

    private static boolean drawable(Double v) {
        return v != null && Double.isFinite(v);
    }

    /** A whole-number parameter, or {@link Long#MAX_VALUE} when absent or not a number. */
    static long numeric(String s) {
        try {
            return s == null ? Long.MAX_VALUE : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Adds one line per entry of {@code lines} to {@code chart}: its figures ordered by the numeric parameter
     * {@code param} on the x axis, {@code y} of their value on the y axis. Returns the alt text of every line drawn
     * ("line: label x shown, ...").
     */
    private static List<String> linesOver(XYChart chart, Map<String, List<Measurement>> lines, String param,
                                          String label, java.util.function.DoubleUnaryOperator y,
                                          java.util.function.Function<Measurement, String> shown, boolean logX,
                                          boolean logY) {
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, List<Measurement>> line : lines.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<String> points = new ArrayList<>();
            line.getValue().stream().sorted(Comparator.comparingLong(m -> numeric(m.params().get(param))))
                    .forEach(m -> {
                        xs.add((double) numeric(m.params().get(param)));
                        ys.add(y.applyAsDouble(m.value()));
                        points.add(label + " " + m.params().get(param) + " " + shown.apply(m));
                    });
            if (ChartKit.addXY(chart, line.getKey(), xs, ys, logX, logY) != null) {
                alt.add(line.getKey() + ": " + String.join(", ", points));
            }
        }
        return alt;
    }
}
