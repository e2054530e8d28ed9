package dev.jmlbench.core.task;

/**
 * The quality a trained model must reach on the test split before its speed figures count (MLPerf's rule).
 *
 * @param metric    the metric, for now test accuracy
 * @param threshold the value to reach, in [0, 1] for accuracy
 */
public record QualityTarget(Metric metric, double threshold) {

    /** Metrics a quality target can be stated in. */
    public enum Metric {
        /** Fraction of test examples whose arg-max prediction is the true class. */
        ACCURACY
    }

    public QualityTarget {
        if (metric == null) {
            throw new IllegalArgumentException("quality target needs a metric");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("accuracy target must lie in [0, 1], got " + threshold);
        }
    }

    /** Whether {@code value} reaches the target. */
    public boolean isMetBy(double value) {
        return value >= threshold;
    }
}
