package dev.jmlbench.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Locale;

/**
 * The ratio of two figures with a confidence interval over their replicates (per-fork means, or the values of
 * several runs).
 *
 * <p>Method: Welch's t interval on the difference of the mean logarithms, exponentiated. Timings are positive
 * and their spread grows with their size, so the logarithm makes the spread of both sides comparable and turns a
 * ratio into a difference; the point estimate is the ratio of geometric means. Welch's form does not assume the
 * two sides spread alike (a native engine and a pure-Java one rarely do); its degrees of freedom come from the
 * Welch-Satterthwaite equation. Student's t quantiles come from Apache Commons Math. Each side needs at least two
 * replicates; with fewer there is no interval ({@link #NO_INTERVAL}).
 */
public final class RatioInterval {
    /** Default confidence level. */
    public static final double LEVEL = 0.95;
    /** The method as written in results and reports. */
    public static final String METHOD = "Welch t-interval on log per-fork means";
    /** Why there is no interval with fewer than two replicates on a side. */
    public static final String NO_INTERVAL = "no interval: fewer than 2 forks on a side";

    private RatioInterval() {
    }

    /**
     * A ratio with its interval.
     *
     * @param ratio  geometric mean of a over geometric mean of b
     * @param low    lower bound; NaN when there is no interval
     * @param high   upper bound; NaN when there is no interval
     * @param level  confidence level
     * @param method how it was obtained, or why there is no interval
     * @param nA     replicates of a
     * @param nB     replicates of b
     */
    public record Estimate(double ratio, double low, double high, double level, String method, int nA, int nB) {
        /** Whether an interval was made. */
        public boolean known() {
            return Double.isFinite(low) && Double.isFinite(high);
        }

        /** The reciprocal ratio (b over a) with its interval. */
        public Estimate inverse() {
            return new Estimate(1 / ratio, 1 / high, 1 / low, level, method, nB, nA);
        }

        /** "10.6x (95% CI 9.8-11.5x)". */
        public String text() {
            return known() ? String.format(Locale.ROOT, "%sx (%s CI %s-%sx)", factor(ratio), Format2.level(level),
                    factor(low), factor(high)) : factor(ratio) + "x (" + method + ")";
        }
    }

    /** The ratio of a's replicates over b's at {@link #LEVEL}. */
    public static Estimate of(double[] a, double[] b) {
        return of(a, b, LEVEL);
    }

    /**
     * The ratio of a's replicates over b's at {@code level}.
     *
     * @throws IllegalArgumentException when a side is empty or holds a value that is not positive and finite
     */
    public static Estimate of(double[] a, double[] b, double level) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("a ratio needs at least one value on each side, got " + a.length
                    + " and " + b.length);
        }
        double[] la = logs(a);
        double[] lb = logs(b);
        double ma = mean(la);
        double mb = mean(lb);
        double ratio = Math.exp(ma - mb);
        if (a.length < 2 || b.length < 2) {
            return new Estimate(ratio, Double.NaN, Double.NaN, level, NO_INTERVAL, a.length, b.length);
        }
        double va = variance(la, ma) / a.length;
        double vb = variance(lb, mb) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Estimate(ratio, ratio, ratio, level, METHOD, a.length, b.length);
        }
        double df = (va + vb) * (va + vb)
                / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - level) / 2);
        double d = ma - mb;
        return new Estimate(ratio, Math.exp(d - t * se), Math.exp(d + t * se), level, METHOD, a.length, b.length);
    }

    /** A factor for people: "10.6", "1.04", "250". */
    public static String factor(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        double ax = Math.abs(x);
        return String.format(Locale.ROOT, ax >= 99.5 ? "%.0f" : ax >= 9.995 ? "%.1f" : "%.2f", x);
    }

    private static double[] logs(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!(xs[i] > 0) || Double.isInfinite(xs[i])) {
                throw new IllegalArgumentException("a ratio needs positive finite values, got " + xs[i]);
            }
            out[i] = Math.log(xs[i]);
        }
        return out;
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    private static double variance(double[] xs, double mean) {
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return s / (xs.length - 1);
    }

    /** Level formatting without depending on the report's formatter. */
    private static final class Format2 {
        static String level(double level) {
            double pct = level * 100;
            return (pct == Math.rint(pct) ? String.format(Locale.ROOT, "%.0f", pct)
                    : String.format(Locale.ROOT, "%.1f", pct)) + "%";
        }
    }
}
