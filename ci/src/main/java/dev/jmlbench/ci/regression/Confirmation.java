package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The confirmation step: before a build goes red, every alert is measured again and judged again against the
 * same baseline. An alert stands only when the fresh measurement is once more worse beyond the threshold and
 * significant. A run-wide hiccup (a noisy neighbour, a thermal dip, a GC storm) rarely strikes twice in the same
 * cell, while a real slowdown does every time.
 *
 * <p>Only the candidate is re-measured: the baseline code is another commit, not on the class path. Where both
 * commits can be built, the pull-request workflow runs them one after the other on the same machine.
 */
public final class Confirmation {
    private Confirmation() {
    }

    /**
     * Confirms the alerts of {@code comparison}.
     *
     * @return the comparison with each alert marked confirmed, not confirmed or not re-measured; unchanged when
     *         there are no alerts
     */
    public static Comparison confirm(Comparison comparison, Remeasurer remeasurer, RegressionCheck check,
                                     PrintStream log) {
        List<Row> alerts = comparison.alerts();
        if (alerts.isEmpty()) {
            return comparison;
        }
        List<CellKey> keys = alerts.stream().map(Row::key).toList();
        log.println("[compare] " + alerts.size() + " alert(s); re-measuring to confirm: " + keys);
        Map<CellKey, List<Measurement>> fresh;
        List<String> notes = new ArrayList<>();
        try {
            fresh = Baseline.group(remeasurer.remeasure(keys));
        } catch (Exception e) {
            fresh = Map.of();
            notes.add("the confirmation re-run failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); every alert counts as a regression");
        }
        List<Row> rows = new ArrayList<>();
        for (Row row : comparison.rows()) {
            if (row.status() != Row.Status.REGRESSION) {
                rows.add(row);
                continue;
            }
            List<Measurement> again = fresh.get(row.key());
            if (again == null || again.isEmpty()) {
                rows.add(row.confirmedBy(Row.Confirmation.NOT_REMEASURED, null,
                        "not re-measured: counts as a regression"));
                continue;
            }
            Row recheck = check.judge(row.key(), row.rule(), row.baseline(), Figure.ofSeveral(again));
            boolean stands = recheck.status() == Row.Status.REGRESSION;
            rows.add(row.confirmedBy(stands ? Row.Confirmation.CONFIRMED : Row.Confirmation.NOT_CONFIRMED, recheck,
                    stands ? "confirmed by a re-run" : "the re-run did not reproduce it (" + recheck.status()
                            .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): noise"));
        }
        return comparison.with(rows, notes);
    }
}
