package dev.jmlbench.ci.regression;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as text, for the terminal and CI logs: a table of the rows that matter (regressions, warnings,
 * improvements, not significant changes, hard failures) and a count of the unchanged ones; with
 * {@code all}, every row.
 */
public final class RegressionTable {
    private RegressionTable() {
    }

    /** Prints the table of {@code c} to {@code out}. */
    public static void print(Comparison c, boolean all, PrintStream out) {
        out.println("[compare] baseline: " + c.baseline());
        c.notes().forEach(n -> out.println("[compare] note: " + n));
        c.hardFailures().forEach(f -> out.println("[compare] HARD FAILURE: " + f));
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"status", "cell", "baseline", "current", "change", "threshold", "current/baseline (CI)",
            "confirmation"});
        int hidden = 0;
        for (Row r : c.rows()) {
            boolean quiet = r.status() == Row.Status.UNCHANGED || r.status() == Row.Status.INFO;
            if (quiet && !all) {
                hidden++;
                continue;
            }
            lines.add(new String[] {statusText(r), r.key().toString(), figure(r.baseline(), r.unit()),
                figure(r.current(), r.unit()), changeText(r.change(), r.rule()), r.rule().thresholdText(),
                r.significance().text(), confirmationText(r)});
        }
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        if (lines.size() > 1) {
            for (String[] l : lines) {
                StringBuilder sb = new StringBuilder("  ");
                for (int i = 0; i < l.length; i++) {
                    sb.append(String.format(Locale.ROOT, "%-" + width[i] + "s", l[i]));
                    if (i + 1 < l.length) {
                        sb.append("  ");
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
        }
        if (hidden > 0) {
            out.println("  (" + hidden + " cell(s) unchanged within their thresholds; --all shows them)");
        }
        out.println("[compare] " + Verdict.summary(c));
    }

    /** The status as shown: the name, lower case but for alerts. */
    public static String statusText(Row r) {
        return r.status() == Row.Status.REGRESSION ? "REGRESSION"
                : r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** What the confirmation found, as shown; empty when nothing was confirmed. */
    public static String confirmationText(Row r) {
        return switch (r.confirmation()) {
            case NONE -> "";
            case NOT_RUN -> "not run: counts";
            case CONFIRMED -> "confirmed (" + changeText(r.recheck().change(), r.rule()) + ", "
                    + r.recheck().significance().text() + ")";
            case NOT_CONFIRMED -> "noise: re-run " + (r.recheck() == null ? "" : changeText(r.recheck().change(),
                    r.rule()));
            case NOT_REMEASURED -> "not re-measured: counts";
        };
    }

    /** A figure with its unit, and the number of runs when several; "-" when absent. */
    public static String figure(Figure f, String unit) {
        if (f == null) {
            return "-";
        }
        String runs = f.runValues().size() > 1 ? " (median of " + f.runValues().size() + ")" : "";
        return number(f.value()) + " " + unit + runs;
    }

    /** A change: {@code -23.1%} for relative rules, {@code -0.0333} for absolute ones; "-" when unknown. */
    public static String changeText(Double change, MetricRule rule) {
        if (change == null) {
            return "-";
        }
        return rule.relative() ? String.format(Locale.ROOT, "%+.1f%%", change * 100)
                : String.format(Locale.ROOT, "%+.4g", change);
    }

    /** A p-value with two significant digits. */
    public static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.2g", p);
    }

    /** About four significant digits. */
    public static String number(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a != 0 && a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
