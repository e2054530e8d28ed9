package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The report's bar charts, rendered by XChart to PNG. */
final class Charts {
    /** Size of every chart in pixels, also written into the {@code <img>}. */
    static final int WIDTH = 800;
    static final int HEIGHT = 400;

    private static final String[] PERCENTILES = {"p50", "p90", "p99"};
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};

    /** A rendered chart and the alt text that states its figures. */
    record Chart(byte[] png, String alt) {
    }

    private Charts() {
    }

    /**
     * Throughput per engine with 99.9% error bars, one series per batch size; empty when the task has no
     * throughput figures. XChart cannot draw error bars over a gap, so when some engine lacks a batch size
     * every figure becomes its own bar, labelled with its batch size, in a single series.
     */
    static Optional<Chart> throughput(TaskView task) {
        List<Measurement> ms = task.throughput();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        boolean threads = threadsDiffer(ms);
        Map<String, List<Measurement>> series = new LinkedHashMap<>();
        ms.forEach(m -> series.computeIfAbsent(batch(m), k -> new ArrayList<>()).add(m));
        int engines = distinct(ms, m -> label(m, threads)).size();
        boolean complete = series.values().stream()
                .allMatch(s -> distinct(s, m -> label(m, threads)).size() == engines);
        Function<Measurement, String> category = complete ? m -> label(m, threads)
                : m -> label(m, threads) + ", " + batch(m);
        if (!complete) {
            series.clear();
            series.put("throughput", ms);
        }
        List<String> categories = distinct(ms, category);
        String unit = Format.orMissing(ms.get(0).unit());
        CategoryChart chart = chart("Inference throughput: " + task.taskId, "throughput (" + unit + ")");
        chart.getStyler().setLegendVisible(complete);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        for (Map.Entry<String, List<Measurement>> s : series.entrySet()) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String c : categories) {
                Measurement m = s.getValue().stream().filter(x -> category.apply(x).equals(c)).findFirst()
                        .orElseThrow();
                y.add(m.value());
                err.add(Format.isKnown(m.error()) ? m.error() : 0.0);
            }
            chart.addSeries(s.getKey(), categories, y, err);
        }
        List<String> alt = new ArrayList<>();
        ms.forEach(m -> alt.add(fullLabel(m, task, threads) + ", " + batch(m) + ": "
                + Format.withError(m.value(), m.error())));
        return Optional.of(new Chart(png(chart), "Bar chart of inference throughput (" + unit
                + ", error bars: 99.9% confidence interval) for task " + task.taskId + ": "
                + String.join("; ", alt) + "."));
    }

    /** Latency percentiles p50, p90 and p99 per engine as grouped bars; empty when none were measured. */
    static Optional<Chart> latency(TaskView task) {
        List<Measurement> ms = task.latency().stream().filter(m -> m.percentiles() != null
                && m.percentiles().keySet().stream().anyMatch(k -> List.of(PERCENTILES).contains(k))).toList();
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        boolean threads = threadsDiffer(ms);
        List<String> categories = distinct(ms, m -> label(m, threads));
        String unit = Format.orMissing(ms.get(0).unit());
        CategoryChart chart = chart("Single-example latency: " + task.taskId, "latency (" + unit + ")");
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        for (String p : PERCENTILES) {
            List<Double> y = new ArrayList<>();
            for (String category : categories) {
                y.add(ms.stream().filter(m -> label(m, threads).equals(category)).findFirst()
                        .map(m -> m.percentiles().get(p)).orElse(null));
            }
            chart.addSeries(p, categories, y);
        }
        List<String> alt = new ArrayList<>();
        for (Measurement m : ms) {
            List<String> ps = new ArrayList<>();
            for (String p : PERCENTILES) {
                Double v = m.percentiles().get(p);
                ps.add(p + " " + (v == null ? Format.MISSING : Format.number(v)));
            }
            alt.add(fullLabel(m, task, threads) + ": " + String.join(", ", ps));
        }
        return Optional.of(new Chart(png(chart), "Bar chart of single-example latency percentiles (" + unit
                + ") for task " + task.taskId + ": " + String.join("; ", alt) + "."));
    }

    /**
     * A category's label: the engine id (short, so that axis labels do not overlap; the tables give the full
     * names), the device when it is not the CPU, and the thread count where the figures differ in it.
     */
    private static String label(Measurement m, boolean withThreads) {
        String device = m.device() == null || m.device().isBlank() || m.device().equals("cpu") ? "" : " " + m.device();
        String threads = m.params().get(Names.PARAM_THREADS);
        String label = m.engine() + device;
        return withThreads && threads != null ? label + ", threads " + threads : label;
    }

    /** The row's full label (engine name and device) for alt text, plus the thread count where it differs. */
    private static String fullLabel(Measurement m, TaskView task, boolean withThreads) {
        String threads = m.params().get(Names.PARAM_THREADS);
        return withThreads && threads != null ? task.label(m) + ", threads " + threads : task.label(m);
    }

    private static boolean threadsDiffer(List<Measurement> ms) {
        return ms.stream().map(m -> String.valueOf(m.params().get(Names.PARAM_THREADS))).distinct().count() > 1;
    }

    private static String batch(Measurement m) {
        String batch = m.params().get(Names.PARAM_BATCH_SIZE);
        return batch == null ? "batch size not recorded" : "batch " + batch;
    }

    private static List<String> distinct(List<Measurement> ms, Function<Measurement, String> label) {
        Set<String> labels = new LinkedHashSet<>();
        ms.forEach(m -> labels.add(label.apply(m)));
        return new ArrayList<>(labels);
    }

    private static CategoryChart chart(String title, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("engine").yAxisTitle(yAxis).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setSeriesColors(COLORS);
        styler.setAntiAlias(true);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static byte[] png(CategoryChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as PNG", e);
        }
    }
}
