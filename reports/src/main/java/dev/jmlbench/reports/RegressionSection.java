package dev.jmlbench.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report shows of a comparison with a baseline and with the run history: the regression table, the
 * trend of every metric across commits and the steps found in it. The comparison itself is made elsewhere
 * (module {@code ci}); this is its already-worded outcome, so the report stays free of statistics.
 *
 * @param outcome      one line: passed, or what failed
 * @param failed       whether the comparison failed the gate
 * @param baseline     what the run was compared with
 * @param hardFailures failures that need no baseline (quality target, parity)
 * @param notes        things to know about the comparison
 * @param rows         the regression table, one row per compared cell
 * @param trends       one trend per metric group, across commits
 * @param steps        steps found in the history
 */
public record RegressionSection(String outcome, boolean failed, String baseline, List<String> hardFailures,
                                List<String> notes, List<Row> rows, List<Trend> trends, List<Step> steps) {
    public RegressionSection {
        hardFailures = List.copyOf(hardFailures);
        notes = List.copyOf(notes);
        rows = List.copyOf(rows);
        trends = List.copyOf(trends);
        steps = List.copyOf(steps);
    }

    /**
     * One row of the regression table, worded.
     *
     * @param cell         task, engine, device, scenario, metric and parameters
     * @param status       e.g. {@code REGRESSION}, {@code unchanged}
     * @param baseline     baseline figure with its unit
     * @param current      current figure with its unit
     * @param change       the change, e.g. {@code -23.1%}
     * @param threshold    the threshold, e.g. {@code -15%}
     * @param test         the significance test and its p-value
     * @param confirmation what the confirmation re-run found; empty when there was none
     * @param failing      whether this row fails the gate
     */
    public record Row(String cell, String status, String baseline, String current, String change, String threshold,
                      String test, String confirmation, boolean failing) {
    }

    /**
     * A metric across commits, one series per engine.
     *
     * @param title   the metric group: task, scenario, metric, parameters
     * @param unit    unit of the values
     * @param commits x-axis labels, oldest first (short commit ids)
     * @param series  per series name, one value per commit; null where a commit has no value
     * @param steps   indexes into {@code commits} where a step was found
     */
    public record Trend(String title, String unit, List<String> commits, Map<String, List<Double>> series,
                        List<Integer> steps) {
        public Trend {
            commits = List.copyOf(commits);
            Map<String, List<Double>> copy = new LinkedHashMap<>();
            series.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableList(new java.util.ArrayList<>(v))));
            series = java.util.Collections.unmodifiableMap(copy);
            steps = List.copyOf(steps);
        }
    }

    /**
     * A step found in the history.
     *
     * @param cell       the cell that stepped
     * @param fromCommit last commit before the step
     * @param toCommit   first commit after it
     * @param before     level before, with unit
     * @param after      level after, with unit
     * @param change     the relative change, e.g. {@code -23.1%}
     * @param kind       {@code regression}, {@code improvement} or {@code shift} (within the threshold)
     */
    public record Step(String cell, String fromCommit, String toCommit, String before, String after, String change,
                       String kind) {
    }
}
