package dev.jmlbench.reports.stats;

import java.util.Locale;

/**
 * The outcome of a two-sided test of a difference between two figures.
 *
 * @param method    the test, e.g. "Mann-Whitney U (exact)"
 * @param statistic its statistic (U for Mann-Whitney, t for Welch)
 * @param p         two-sided p-value; NaN when no test could be made
 * @param n1        samples of the first figure
 * @param n2        samples of the second figure
 */
public record TestResult(String method, double statistic, double p, int n1, int n2) {

    /** No test could be made, with the reason as the method. */
    public static TestResult none(String reason) {
        return new TestResult(reason, Double.NaN, Double.NaN, 0, 0);
    }

    /** Whether a p-value was computed. */
    public boolean tested() {
        return !Double.isNaN(p);
    }

    /** A p-value for people: {@code p = 0.0079}, {@code p < 0.0001}. */
    public static String formatP(double p) {
        if (Double.isNaN(p)) {
            return "not tested";
        }
        if (p < 1e-4) {
            return "p < 0.0001";
        }
        return String.format(Locale.ROOT, p < 0.01 ? "p = %.4f" : "p = %.3f", p);
    }
}
