package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.RegressionSection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Words a comparison and the history's trends as the report's {@link RegressionSection}. */
public final class ReportSections {
    private ReportSections() {
    }

    /**
     * The section for {@code comparison}, with one trend chart per metric group of {@code trends} (null: no
     * history) over at least two commits.
     */
    public static RegressionSection of(Comparison comparison, HistoryTrends trends, Map<CellKey, String> units) {
        List<RegressionSection.Row> rows = new ArrayList<>();
        for (Row r : comparison.rows()) {
            rows.add(new RegressionSection.Row(r.key().toString(), RegressionTable.statusText(r),
                    RegressionTable.figure(r.baseline(), r.unit()), RegressionTable.figure(r.current(), r.unit()),
                    RegressionTable.changeText(r.change(), r.rule()), r.rule().thresholdText(),
                    r.significance().tested() ? r.significance().text() + " (" + r.significance().test() + ")"
                            : r.significance().test(),
                    RegressionTable.confirmationText(r), r.failing()));
        }
        List<RegressionSection.Trend> charts = new ArrayList<>();
        List<RegressionSection.Step> steps = new ArrayList<>();
        if (trends != null && trends.commits().size() >= 2) {
            Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
            Map<String, String> groupUnits = new LinkedHashMap<>();
            Map<String, List<Integer>> groupSteps = new LinkedHashMap<>();
            trends.series().forEach((key, values) -> {
                String group = key.seriesGroup();
                groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(key.engine() + " (" + key.device() + ")",
                        values);
                groupUnits.putIfAbsent(group, units.getOrDefault(key, ""));
            });
            for (HistoryTrends.DetectedStep s : trends.steps()) {
                List<Integer> at = groupSteps.computeIfAbsent(s.key().seriesGroup(), g -> new ArrayList<>());
                if (!at.contains(s.index())) {
                    at.add(s.index());
                }
                String unit = units.getOrDefault(s.key(), "");
                steps.add(new RegressionSection.Step(s.key().toString(), s.fromCommit(), s.toCommit(),
                        RegressionTable.number(s.before()) + " " + unit, RegressionTable.number(s.after()) + " " + unit,
                        RegressionTable.changeText(s.change(), s.rule()), s.kind()));
            }
            groups.forEach((group, series) -> charts.add(new RegressionSection.Trend(group, groupUnits.get(group),
                    trends.commits(), series, groupSteps.getOrDefault(group, List.of()))));
        }
        return new RegressionSection(Verdict.summary(comparison), comparison.failed(), comparison.baseline(),
                comparison.hardFailures(), comparison.notes(), rows, charts, steps);
    }
}
