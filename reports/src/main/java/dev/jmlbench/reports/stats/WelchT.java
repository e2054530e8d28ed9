package dev.jmlbench.reports.stats;

import java.util.List;

/** Welch's two-sided t test for a difference of means without assuming equal variances. */
public final class WelchT {
    private WelchT() {
    }

    /** Welch's test on two samples of at least two values each. */
    public static TestResult test(List<Double> a, List<Double> b) {
        if (a.size() < 2 || b.size() < 2) {
            throw new IllegalArgumentException("Welch's t needs at least two values in each sample, got " + a.size()
                    + " and " + b.size());
        }
        return fromSummary(ConfidenceIntervals.mean(a), Math.sqrt(ConfidenceIntervals.variance(a) / a.size()),
                a.size(), ConfidenceIntervals.mean(b), Math.sqrt(ConfidenceIntervals.variance(b) / b.size()), b.size(),
                "Welch's t");
    }

    /**
     * Welch's test from summaries: each mean with its standard error and sample count (at least two), as JMH
     * reports them ({@code score}, {@code scoreError} rescaled to a standard error, iterations).
     */
    public static TestResult fromSummary(double mean1, double se1, int n1, double mean2, double se2, int n2,
                                         String method) {
        double v1 = se1 * se1;
        double v2 = se2 * se2;
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new TestResult(method, mean1 == mean2 ? 0 : Double.POSITIVE_INFINITY, mean1 == mean2 ? 1 : 0, n1,
                    n2);
        }
        double t = (mean1 - mean2) / se;
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        double p = 2 * Distributions.studentTCdf(-Math.abs(t), df);
        return new TestResult(method, t, Math.min(1, p), n1, n2);
    }
}
