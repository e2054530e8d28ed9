package dev.jmlbench.ci.regression;

import java.util.List;

/**
 * A run compared with a baseline.
 *
 * @param baseline     where the baseline came from
 * @param currentRunId the compared run
 * @param gitCommit    its commit
 * @param rows         one row per cell, sorted by cell
 * @param hardFailures failures that need no baseline: a model below its quality target, parity broken
 * @param notes        things people should know (machine class differs, cells missing, ...)
 */
public record Comparison(String baseline, String currentRunId, String gitCommit, List<Row> rows,
                         List<String> hardFailures, List<String> notes) {
    public Comparison {
        rows = List.copyOf(rows);
        hardFailures = List.copyOf(hardFailures);
        notes = List.copyOf(notes);
    }

    /** Rows that are alerts awaiting or having had confirmation. */
    public List<Row> alerts() {
        return rows.stream().filter(r -> r.status() == Row.Status.REGRESSION).toList();
    }

    /** Whether the gate fails: a hard failure, or a regression the confirmation did not clear. */
    public boolean failed() {
        return !hardFailures.isEmpty() || rows.stream().anyMatch(Row::failing);
    }

    /** This comparison with other rows and more notes. */
    public Comparison with(List<Row> newRows, List<String> moreNotes) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(moreNotes);
        return new Comparison(baseline, currentRunId, gitCommit, newRows, hardFailures, n);
    }
}
