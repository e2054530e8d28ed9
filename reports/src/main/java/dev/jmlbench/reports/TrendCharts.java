package dev.jmlbench.reports;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trend charts: a metric across commits, one line per engine (a category chart, one category per commit, so that
 * the axis shows commit ids and nothing between them); steps are named in the alt text and the steps table.
 */
final class TrendCharts {
    private TrendCharts() {
    }

    /**
     * The chart of {@code trend}; empty when no series has a value. The y axis is logarithmic when the values
     * span more than a factor of 20 (engines often differ by orders of magnitude).
     */
    static Optional<Charts.Chart> chart(RegressionSection.Trend trend) {
        List<String> commits = trend.commits();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (List<Double> values : trend.series().values()) {
            for (Double v : values) {
                if (v != null && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            return Optional.empty();
        }
        String unit = Format.orMissing(trend.unit());
        // colours and markers per engine come from the report's palette when the chart is rendered
        CategoryChart chart = ChartKit.bars("Trend: " + trend.title(), "commit (oldest first)", unit);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true); // every engine's point of a commit on that commit
        chart.getStyler().setYAxisLogarithmic(min > 0 && max / min > 20);
        chart.getStyler().setXAxisLabelRotation(60);
        List<String> categories = unique(commits);
        List<String> alt = new ArrayList<>();
        for (Map.Entry<String, List<Double>> s : trend.series().entrySet()) {
            List<Double> ys = new ArrayList<>();
            List<String> points = new ArrayList<>();
            for (int i = 0; i < commits.size(); i++) {
                Double v = i < s.getValue().size() ? s.getValue().get(i) : null;
                boolean known = v != null && Double.isFinite(v);
                ys.add(known ? v : null);
                if (known) {
                    points.add(commits.get(i) + " " + Format.number(v));
                }
            }
            if (!points.isEmpty()) {
                chart.addSeries(s.getKey(), categories, ys);
                alt.add(s.getKey() + ": " + String.join(", ", points));
            }
        }
        String steps = trend.steps().isEmpty() ? "no step found"
                : "steps before commit(s) " + String.join(", ", trend.steps().stream()
                .filter(i -> i >= 0 && i < commits.size()).map(commits::get).toList());
        return Optional.of(new Charts.Chart(chart, "Line chart of " + trend.title() + " (" + unit
                + ") across commits; " + steps + ". " + String.join("; ", alt) + "."));
    }

    /** Category labels must be distinct: a commit measured again later (a revert) gets "#2", "#3", ... */
    private static List<String> unique(List<String> commits) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (String c : commits) {
            int n = seen.merge(c, 1, Integer::sum);
            out.add(n == 1 ? c : c + " #" + n);
        }
        return out;
    }
}
