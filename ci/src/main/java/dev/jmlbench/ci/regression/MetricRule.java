package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.stats.Direction;

import java.util.Locale;

/**
 * How a metric is judged: which direction is worse, how large a change must be before it counts, and whether
 * the change may fail the gate.
 *
 * @param direction which way is bad
 * @param threshold smallest change that counts: a fraction of the baseline when {@code relative}, otherwise in
 *                  the metric's own unit
 * @param relative  whether {@code threshold} is relative to the baseline
 * @param gating    whether a significant change beyond the threshold fails the gate; a non-gating metric is
 *                  reported as a warning only
 */
public record MetricRule(Direction direction, double threshold, boolean relative, boolean gating) {

    public MetricRule {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("a threshold must be a finite number >= 0, got " + threshold);
        }
    }

    /**
     * The change from {@code baseline} to {@code current} in the rule's terms: a fraction of the baseline when
     * relative (NaN when the baseline is zero), the plain difference otherwise.
     */
    public double change(double baseline, double current) {
        if (relative) {
            return baseline == 0 ? Double.NaN : current / baseline - 1;
        }
        return current - baseline;
    }

    /** Whether {@code change} is a worsening beyond the threshold. */
    public boolean isWorseBeyond(double change) {
        return switch (direction) {
            case HIGHER_IS_BETTER -> change < -threshold;
            case LOWER_IS_BETTER -> change > threshold;
            case NEUTRAL -> false;
        };
    }

    /** Whether {@code change} is an improvement beyond the threshold. */
    public boolean isBetterBeyond(double change) {
        return switch (direction) {
            case HIGHER_IS_BETTER -> change > threshold;
            case LOWER_IS_BETTER -> change < -threshold;
            case NEUTRAL -> false;
        };
    }

    /** The threshold for people, e.g. {@code "-15%"} or {@code "+0.02"}. */
    public String thresholdText() {
        String sign = direction == Direction.HIGHER_IS_BETTER ? "-" : direction == Direction.LOWER_IS_BETTER
                ? "+" : "\u00b1";
        return relative ? String.format(Locale.ROOT, "%s%.0f%%", sign, threshold * 100)
                : String.format(Locale.ROOT, "%s%s", sign, threshold);
    }
}
