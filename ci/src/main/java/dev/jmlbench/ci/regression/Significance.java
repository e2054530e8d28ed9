package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.stats.Change;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.reports.stats.Verdict;

import java.util.Locale;

/**
 * Whether a change between two figures could be noise, judged by the statistics core the report uses ({@link
 * Change}): the ratio
 * current/baseline with its interval over replicates ({@link RatioInterval}: per-fork means, or the values of
 * several runs) and the {@link Verdict} of that interval against the practical margin, turned into the metric's
 * terms: {@link Verdict#FASTER} means the current figure is better, {@link Verdict#SLOWER} worse.
 *
 * @param test    how the interval was obtained, or why there is none
 * @param ratio   current over baseline (NaN when not computable)
 * @param low     lower bound of the interval of {@code ratio}; NaN when untestable
 * @param high    upper bound; NaN when untestable
 * @param verdict current against baseline in the metric's good direction
 */
public record Significance(String test, double ratio, double low, double high, Verdict verdict) {

    /** No interval possible. */
    public static Significance untestable() {
        return untestable("no interval: fewer than 2 forks or runs per side");
    }

    private static Significance untestable(String why) {
        return new Significance(why, Double.NaN, Double.NaN, Double.NaN, Verdict.INCONCLUSIVE);
    }

    /**
     * Judges {@code current} against {@code baseline} for a metric judged in {@code direction}, with an interval at
     * {@code level} and the practical {@code margin}.
     */
    public static Significance of(Figure baseline, Figure current, Direction direction, double level,
                                  double margin) {
        if (direction == Direction.NEUTRAL) {
            return untestable("none (metric has no direction)");
        }
        double[] b = baseline.sampleArray();
        double[] c = current.sampleArray();
        if (b.length < 2 || c.length < 2) {
            return untestable();
        }
        Change change = Change.of(b, c, direction, level, margin);
        if (!change.tested()) {
            return untestable("none (replicates not all positive)");
        }
        return new Significance(change.method() + " (" + c.length + " vs " + b.length + ")", change.ratio(),
                change.low(), change.high(), change.verdict());
    }

    /** Whether an interval was made. */
    public boolean tested() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** Whether the interval shows the current figure worse beyond the margin. */
    public boolean worse() {
        return verdict == Verdict.SLOWER;
    }

    /** Whether the interval shows the current figure better beyond the margin. */
    public boolean better() {
        return verdict == Verdict.FASTER;
    }

    /** "0.77 (95% CI 0.74-0.80)" or why there is no interval. */
    public String text() {
        return tested() ? String.format(Locale.ROOT, "%s (CI %s-%s), %s", RatioInterval.factor(ratio),
                RatioInterval.factor(low), RatioInterval.factor(high), verdict.word()) : test;
    }
}
