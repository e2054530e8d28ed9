package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.stats.Direction;

import dev.jmlbench.ci.QualityGate;

import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a run with a baseline, cell by cell. A cell is a {@link Row.Status#REGRESSION} only when its change
 * is in the metric's bad direction, beyond the metric's threshold, <em>and</em> its interval over forks lies
 * entirely beyond the practical margin in that direction ({@link Significance}); checks that need no baseline (quality target, parity) are hard failures.
 */
public final class RegressionCheck {
    private final Thresholds thresholds;

    /** A check applying {@code thresholds}. */
    public RegressionCheck(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The thresholds applied. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** Compares {@code current} with {@code baseline}. */
    public Comparison compare(Baseline baseline, RunResults current) {
        List<String> notes = new ArrayList<>();
        MachineClass machine = MachineClass.of(current.environment());
        boolean sameMachine = machine.equals(baseline.machine());
        if (!sameMachine) {
            notes.add("the baseline was measured on " + baseline.machine() + ", this run on " + machine
                    + ": speed figures are not compared across machine classes");
        }
        Map<CellKey, Figure> now = new TreeMap<>();
        Baseline.group(current.measurements()).forEach((k, ms) -> now.put(k,
                Figure.ofSeveral(ms)));
        Set<CellKey> keys = new TreeSet<>(now.keySet());
        keys.addAll(baseline.figures().keySet());
        List<Row> rows = new ArrayList<>();
        for (CellKey key : keys) {
            Figure b = baseline.figures().get(key);
            Figure c = now.get(key);
            String unit = c != null ? c.unit() : b.unit();
            MetricRule rule = thresholds.ruleFor(key.metric(), unit);
            if (b == null) {
                rows.add(new Row(key, unit, rule, null, c, null, Significance.untestable(), Row.Status.NEW,
                        Row.Confirmation.NONE, null, "no baseline figure"));
            } else if (c == null) {
                rows.add(new Row(key, unit, rule, b, null, null, Significance.untestable(), Row.Status.MISSING,
                        Row.Confirmation.NONE, null, "not measured in this run (see the run's cell outcomes)"));
            } else if (!sameMachine && rule.gating()) {
                Double change = finite(rule.change(b.value(), c.value()));
                rows.add(new Row(key, unit, rule, b, c, change, Significance.untestable(), Row.Status.INCOMPARABLE,
                        Row.Confirmation.NONE, null, "baseline from another machine class"));
            } else {
                rows.add(judge(key, rule, b, c));
            }
        }
        long missing = rows.stream().filter(r -> r.status() == Row.Status.MISSING).count();
        if (missing > 0) {
            notes.add(missing + " baseline figure(s) were not measured in this run; `jmlbench gate` reports failed"
                    + " cells");
        }
        notes.addAll(divergedTraining(current));
        return new Comparison(baseline.description(), current.runId(), current.environment().gitCommit(), rows,
                hardFailures(current), notes);
    }

    /** Judges one cell: the row for {@code current} against {@code baseline} under {@code rule}. */
    public Row judge(CellKey key, MetricRule rule, Figure baseline, Figure current) {
        Double change = finite(rule.change(baseline.value(), current.value()));
        Significance sig = Significance.of(baseline, current, rule.direction(), thresholds.level(),
                thresholds.margin());
        Row.Status status;
        String note = "";
        if (rule.direction() == Direction.NEUTRAL) {
            status = Row.Status.INFO;
        } else if (change == null) {
            status = Row.Status.INFO;
            note = "baseline is zero: no relative change";
        } else if (rule.isWorseBeyond(change)) {
            if (!rule.gating()) {
                status = Row.Status.WARNING;
                note = "this metric warns, it does not gate";
            } else if (!sig.tested()) {
                status = Row.Status.WARNING;
                note = "no interval (fewer than 2 forks or runs per side): cannot tell from noise";
            } else {
                status = sig.worse() ? Row.Status.REGRESSION : Row.Status.NOT_SIGNIFICANT;
            }
        } else if (rule.isBetterBeyond(change)) {
            status = !rule.gating() || sig.better() ? Row.Status.IMPROVEMENT : Row.Status.NOT_SIGNIFICANT;
        } else {
            status = Row.Status.UNCHANGED;
        }
        Row.Confirmation confirmation = status == Row.Status.REGRESSION ? Row.Confirmation.NOT_RUN
                : Row.Confirmation.NONE;
        return new Row(key, current.unit(), rule, baseline, current, change, sig, status, confirmation, null, note);
    }

    /** Failures that need no baseline: models below their quality target, parity beyond tolerance. */
    List<String> hardFailures(RunResults current) {
        Set<String> failures = new LinkedHashSet<>();
        for (CellStatus c : current.cells()) {
            if (c.status() == CellStatus.Status.BELOW_TARGET) {
                failures.add(c.task() + " on " + c.engine() + ": below the quality target: " + c.reason());
            } else if (c.status() == CellStatus.Status.FAILED && c.stage() != null
                    && c.stage().toLowerCase(Locale.ROOT).contains(Names.STAGE_PARITY)) {
                failures.add(c.task() + " on " + c.engine() + ": parity check failed: " + c.reason());
            }
        }
        for (Measurement m : current.measurements()) {
            if (Boolean.FALSE.equals(m.qualityMet()) && Names.SPEED_SCENARIOS.contains(m.scenario())) {
                failures.add(String.format(Locale.ROOT, "%s on %s: %s measured on a model below the quality target"
                        + " (quality %.4f)", m.task(), m.engine(), m.scenario(), m.accuracy()));
            }
            if (m.metric().equals(Names.METRIC_PARITY) && !(m.value() <= thresholds.parityTolerance())
                    && !forwardParityPassed(current, m)) {
                failures.add(String.format(Locale.ROOT, "%s on %s: parity broken: largest probability difference"
                        + " from the reference engine %.3g exceeds the tolerance %.3g", m.task(), m.engine(),
                        m.value(), thresholds.parityTolerance()));
            }
        }
        return List.copyOf(failures);
    }

    /**
     * Whether the parity stage (identical canonical weights, one forward pass, layer by layer) passed for the
     * figure's task and engine. Then a training-parity figure beyond the tolerance is no failure: over hundreds of
     * optimiser steps float32 rounding differences grow in non-convex models (measured here: the SimpleRNN and
     * 1-D CNN character models end 0.3 to 0.5 apart in probability after training, while their forward passes
     * agree to 1e-8 and their parameters to 1e-5 after 10 steps); it is reported as a note instead.
     */
    static boolean forwardParityPassed(RunResults current, Measurement m) {
        return current.cells().stream().anyMatch(c -> c.task().equals(m.task()) && c.engine().equals(m.engine())
                && c.stage() != null && c.stage().equals(Names.STAGE_PARITY) && c.status() == CellStatus.Status.OK);
    }

    /** Notes for training-parity figures beyond the tolerance whose forward parity passed. */
    List<String> divergedTraining(RunResults current) {
        List<String> notes = new java.util.ArrayList<>();
        for (Measurement m : current.measurements()) {
            if (m.metric().equals(Names.METRIC_PARITY) && !(m.value() <= thresholds.parityTolerance())
                    && forwardParityPassed(current, m)) {
                notes.add(String.format(Locale.ROOT, "%s on %s: after identical training the probabilities differ"
                        + " from the reference engine's by up to %.3g (tolerance %.3g); the forward parity passed, so"
                        + " this is rounding that training amplified, not a different function", m.task(), m.engine(),
                        m.value(), thresholds.parityTolerance()));
            }
        }
        return notes;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
