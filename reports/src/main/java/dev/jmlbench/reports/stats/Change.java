package dev.jmlbench.reports.stats;

/**
 * One figure measured twice, before and after (run A and run B of {@code compare A B}; a baseline and the current
 * run of the CI gate): after over before with its interval over replicates ({@link RatioInterval}) and the
 * {@link Verdict} of that interval against a practical margin, in the metric's terms: {@link Verdict#FASTER} means
 * the after figure is better (faster, or more accurate), {@link Verdict#SLOWER} worse. This is the one judgement
 * of a change that the comparison report and the regression check make; {@link EngineComparisons} judges two
 * engines on one figure with the same interval.
 *
 * @param ratio   after over before (NaN when not computable)
 * @param low     lower bound of the interval of {@code ratio}; NaN without an interval
 * @param high    upper bound; NaN without an interval
 * @param method  how the interval was obtained, or why there is none
 * @param nBefore replicates before
 * @param nAfter  replicates after
 * @param verdict after against before in the metric's good direction; {@link Verdict#INCONCLUSIVE} also without an
 *                interval or when the metric has no good direction
 */
public record Change(double ratio, double low, double high, String method, int nBefore, int nAfter,
                     Verdict verdict) {
    /** Why a change of a figure with zero, negative or infinite replicates has no interval. */
    public static final String NOT_POSITIVE = "no interval: replicates not all positive";

    /**
     * The change from {@code before} to {@code after} (replicates: per-fork means, or the values of several runs),
     * centred on the estimate's own ratio of geometric means.
     */
    public static Change of(double[] before, double[] after, Direction direction, double level, double margin) {
        return of(before, after, Double.NaN, direction, level, margin);
    }

    /**
     * The change from {@code before} to {@code after}, its interval centred on {@code centre} when that is finite
     * (the ratio of two recorded figures, such as JMH scores, which are means over every iteration rather than
     * geometric means of the forks'); the width of the interval is the replicates' either way.
     */
    public static Change of(double[] before, double[] after, double centre, Direction direction, double level,
                            double margin) {
        boolean positive = allPositive(before) && allPositive(after);
        double point = Double.isFinite(centre) ? centre : positive && before.length > 0 && after.length > 0
                ? RatioInterval.of(after, before, level).ratio() : Double.NaN;
        if (before.length < 2 || after.length < 2) {
            return untestable(point, RatioInterval.NO_INTERVAL, before.length, after.length);
        }
        if (!positive) {
            return untestable(point, NOT_POSITIVE, before.length, after.length);
        }
        RatioInterval.Estimate e = RatioInterval.of(after, before, level);
        double shift = point / e.ratio();
        double low = e.low() * shift;
        double high = e.high() * shift;
        Verdict v = switch (direction) {
            case HIGHER_IS_BETTER -> Verdict.of(low, high, margin);
            case LOWER_IS_BETTER -> Verdict.of(1 / high, 1 / low, margin);
            case NEUTRAL -> Verdict.INCONCLUSIVE;
        };
        return new Change(point, low, high, e.method(), before.length, after.length, v);
    }

    private static Change untestable(double ratio, String why, int nBefore, int nAfter) {
        return new Change(ratio, Double.NaN, Double.NaN, why, nBefore, nAfter, Verdict.INCONCLUSIVE);
    }

    /** Whether an interval backs the verdict. */
    public boolean tested() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    private static boolean allPositive(double[] xs) {
        for (double x : xs) {
            if (!(x > 0) || Double.isInfinite(x)) {
                return false;
            }
        }
        return true;
    }
}
