package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.stats.Direction;

import dev.jmlbench.ci.history.HistoryRecord;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.reports.stats.Robust;
import dev.jmlbench.reports.stats.StepDetector;
import dev.jmlbench.core.results.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every metric across the commits of the history on one machine class, and the steps in each series.
 *
 * <p>Consecutive runs of one commit form one point (their median), as in asv; a commit that comes back later (a
 * revert) is a new point. Steps are found by {@link StepDetector} per cell.
 *
 * @param commits short commit ids of the points, oldest first
 * @param series  per cell, one value per point (null where the point has none)
 * @param steps   the steps found, oldest first per cell
 */
public record HistoryTrends(List<String> commits, Map<CellKey, List<Double>> series, List<DetectedStep> steps) {

    /**
     * A step in one cell's series.
     *
     * @param key        the cell
     * @param rule       its rule
     * @param index      index in {@link #commits()} of the first point after the step
     * @param fromCommit last commit before the step
     * @param toCommit   first commit after it
     * @param before     level before
     * @param after      level after
     * @param change     change in the rule's terms
     * @param kind       {@code regression}, {@code improvement} (beyond the threshold), or {@code shift}
     */
    public record DetectedStep(CellKey key, MetricRule rule, int index, String fromCommit, String toCommit,
                               double before, double after, double change, String kind) {
    }

    /** The trends of the last {@code maxPoints} points of {@code history} on {@code machine}. */
    public static HistoryTrends of(List<HistoryRecord> history, MachineClass machine, Thresholds thresholds,
                                   int maxPoints) {
        List<List<HistoryRecord>> points = new ArrayList<>();
        String previous = null;
        for (HistoryRecord r : history) {
            if (!r.machine().equals(machine)) {
                continue;
            }
            String commit = r.environment().gitCommit();
            if (points.isEmpty() || !commit.equals(previous)) {
                points.add(new ArrayList<>());
            }
            points.get(points.size() - 1).add(r);
            previous = commit;
        }
        points = points.subList(Math.max(0, points.size() - Math.min(maxPoints, StepDetector.MAX_POINTS)),
                points.size());
        List<String> commits = points.stream().map(p -> p.get(0).shortCommit()).toList();
        Map<CellKey, List<Double>> series = new TreeMap<>();
        Map<CellKey, String> units = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            Map<CellKey, List<Double>> values = new LinkedHashMap<>();
            for (HistoryRecord r : points.get(i)) {
                Baseline.group(r.measurements()).forEach((k, ms) -> {
                    values.computeIfAbsent(k, x -> new ArrayList<>()).add(Baseline.representative(ms).value());
                    units.putIfAbsent(k, ms.get(0).unit());
                });
            }
            for (Map.Entry<CellKey, List<Double>> e : values.entrySet()) {
                List<Double> s = series.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                while (s.size() < i) {
                    s.add(null);
                }
                s.add(Robust.median(e.getValue()));
            }
        }
        series.values().forEach(s -> {
            while (s.size() < commits.size()) {
                s.add(null);
            }
        });
        List<DetectedStep> steps = new ArrayList<>();
        for (Map.Entry<CellKey, List<Double>> e : series.entrySet()) {
            MetricRule rule = thresholds.ruleFor(e.getKey().metric(), units.get(e.getKey()));
            if (rule.direction() == Direction.NEUTRAL) {
                continue;
            }
            List<Integer> at = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                if (e.getValue().get(i) != null) {
                    at.add(i);
                    ys.add(e.getValue().get(i));
                }
            }
            double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
            for (StepDetector.Step s : StepDetector.detect(y)) {
                double change = rule.change(s.before(), s.after());
                if (!Double.isFinite(change)) {
                    continue;
                }
                int index = at.get(s.index());
                String kind = rule.isWorseBeyond(change) ? "regression" : rule.isBetterBeyond(change)
                        ? "improvement" : "shift";
                steps.add(new DetectedStep(e.getKey(), rule, index, commits.get(at.get(s.index() - 1)),
                        commits.get(index), s.before(), s.after(), change, kind));
            }
        }
        return new HistoryTrends(commits, series, steps);
    }

    /** Units per cell are not kept in the series; this finds a cell's unit in the history, for display. */
    public static Map<CellKey, String> units(List<HistoryRecord> history) {
        Map<CellKey, String> units = new LinkedHashMap<>();
        for (HistoryRecord r : history) {
            for (Measurement m : r.measurements()) {
                units.putIfAbsent(CellKey.of(m), m.unit());
            }
        }
        return units;
    }
}
