package dev.jmlbench.ci.regression;

/**
 * The comparison of one cell.
 *
 * @param key          the cell
 * @param unit         unit of the figures
 * @param rule         the rule applied
 * @param baseline     the baseline figure; null for a new cell
 * @param current      the current figure; null for a cell missing from the current run
 * @param change       the change in the rule's terms (fraction or difference); null when not computable
 * @param significance the test and its p-values
 * @param status       the outcome
 * @param confirmation what the confirmation re-run found, for {@link Status#REGRESSION} rows
 * @param recheck      the re-measured figure, when the cell was re-measured
 * @param note         anything people should know about this row; empty when nothing
 */
public record Row(CellKey key, String unit, MetricRule rule, Figure baseline, Figure current, Double change,
                  Significance significance, Status status, Confirmation confirmation, Row recheck, String note) {

    /** Outcome of a comparison. */
    public enum Status {
        /** Worse beyond the threshold and significant: an alert, failing unless the confirmation clears it. */
        REGRESSION,
        /** Better beyond the threshold and significant. */
        IMPROVEMENT,
        /** Within the threshold. */
        UNCHANGED,
        /** Beyond the threshold but not significant: could be noise. */
        NOT_SIGNIFICANT,
        /** Worse beyond the threshold on a metric that does not gate (single sample, deterministic). */
        WARNING,
        /** Speed figures from another machine class: not compared. */
        INCOMPARABLE,
        /** In the current run only. */
        NEW,
        /** In the baseline only. */
        MISSING,
        /** A metric without a known direction: shown, not judged. */
        INFO
    }

    /** What the confirmation step found for an alert. */
    public enum Confirmation {
        /** Not an alert, nothing to confirm. */
        NONE,
        /** Confirmation was not run ({@code --no-confirm}): the alert counts as a regression. */
        NOT_RUN,
        /** The re-measured figure is significantly worse beyond the threshold again: a regression. */
        CONFIRMED,
        /** The re-measured figure is not: the alert was noise. */
        NOT_CONFIRMED,
        /** The cell could not be re-measured: the alert counts as a regression. */
        NOT_REMEASURED
    }

    /** Whether this row fails the gate. */
    public boolean failing() {
        return status == Status.REGRESSION && confirmation != Confirmation.NOT_CONFIRMED;
    }

    /** This row with the outcome of its confirmation. */
    public Row confirmedBy(Confirmation outcome, Row recheckRow, String why) {
        return new Row(key, unit, rule, baseline, current, change, significance, status, outcome, recheckRow,
                note.isEmpty() ? why : note + "; " + why);
    }
}
