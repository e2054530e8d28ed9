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
 * <p>When the remeasurer can run the baseline's code as well ({@link Remeasurer#remeasureWithBaseline}), the
 * fresh candidate is judged against the fresh baseline measured around it, so that a change of the machine between
 * the first measurement and the re-run is not read as a change of the code. Otherwise the fresh candidate is
 * judged against the stored baseline, and the row says so.
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
        Map<CellKey, List<Measurement>> freshBase;
        List<String> notes = new ArrayList<>();
        try {
            Remeasurer.Remeasurement again = remeasurer.remeasureWithBaseline(keys);
            fresh = Baseline.group(again.candidate());
            freshBase = Baseline.group(again.baseline());
        } catch (Exception e) {
            fresh = Map.of();
            freshBase = Map.of();
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
            List<Measurement> base = freshBase.get(row.key());
            boolean paired = base != null && !base.isEmpty();
            Row recheck = check.judge(row.key(), row.rule(), paired ? Figure.ofSeveral(base) : row.baseline(),
                    Figure.ofSeveral(again));
            boolean stands = recheck.status() == Row.Status.REGRESSION;
            String against = paired ? "a re-run of both" : "a re-run against the stored baseline";
            rows.add(row.confirmedBy(stands ? Row.Confirmation.CONFIRMED : Row.Confirmation.NOT_CONFIRMED, recheck,
                    stands ? "confirmed by " + against : against + " did not reproduce it (" + recheck.status()
                            .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): noise"));
        }
        return comparison.with(rows, notes);
    }
}
