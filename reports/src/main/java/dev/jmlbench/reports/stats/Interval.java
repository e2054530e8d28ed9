package dev.jmlbench.reports.stats;

/**
 * A confidence interval for the mean of a figure.
 *
 * @param estimate the figure's value
 * @param low      lower bound
 * @param high     upper bound
 * @param level    confidence level, e.g. 0.95
 * @param method   how the interval was obtained
 * @param n        number of samples behind it (0 when not known)
 */
public record Interval(double estimate, double low, double high, double level, Method method, int n) {

    /** How an interval was obtained. */
    public enum Method {
        /** Student's t interval of the mean of the per-fork means (the fork is the replication unit). */
        FORKS("t-interval over per-fork means"),
        /** Student's t interval of the mean of the raw per-iteration scores of one fork. */
        T_INTERVAL("t-interval over the iterations of one fork (understates run-to-run spread)"),
        /** Percentile bootstrap of the mean of the raw scores, fixed seed (samples many and skewed). */
        BOOTSTRAP("percentile bootstrap of the mean (fixed seed) over the iterations of one fork"),
        /** JMH's own error (a t-interval at 99.9%), rescaled to the level when the sample count is known. */
        JMH_ERROR("JMH's error"),
        /** No spread known: a point. */
        NONE("no spread recorded");

        private final String description;

        Method(String description) {
            this.description = description;
        }

        /** The method for people. */
        public String description() {
            return description;
        }
    }

    /** A point without spread. */
    public static Interval point(double value) {
        return new Interval(value, value, value, Double.NaN, Method.NONE, 0);
    }

    /** Whether the interval has a spread (it is not a bare point). */
    public boolean known() {
        return method != Method.NONE && Double.isFinite(low) && Double.isFinite(high);
    }

    /** The larger distance from the estimate to a bound (the two are equal for a t-interval). */
    public double halfWidth() {
        return known() ? Math.max(estimate - low, high - estimate) : 0;
    }

    /** Whether the interval is symmetric about the estimate (to one part in a million of its width). */
    public boolean symmetric() {
        double a = estimate - low;
        double b = high - estimate;
        return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a) + Math.abs(b), Double.MIN_NORMAL);
    }

    /** Whether two intervals share a point. */
    public boolean overlaps(Interval other) {
        return low <= other.high && other.low <= high;
    }
}
