package dev.jmlbench.core.task;

/**
 * The quality a trained model must reach on the test split before its speed figures count (MLPerf's rule).
 *
 * @param metric    the metric the target is stated in
 * @param threshold the value to reach: at least this for metrics where higher is better, at most this for the
 *                  others (RMSE, bits per character)
 */
public record QualityTarget(Metric metric, double threshold) {

    /** Metrics a quality target can be stated in. */
    public enum Metric {
        /** Fraction of test examples whose arg-max prediction is the true class; in [0, 1]. */
        ACCURACY("accuracy", true, false),
        /** Coefficient of determination on the test split, {@code 1 - SSE/SST}; at most 1. */
        R2("r2", true, true),
        /** Root mean squared error on the test split, in the units of the (prepared) target; at least 0. */
        RMSE("rmse", false, true),
        /** Mean negative log2-likelihood of the true next character; at least 0. */
        BITS_PER_CHARACTER("bits-per-character", false, false);

        private final String resultName;
        private final boolean higherIsBetter;
        private final boolean regression;

        Metric(String resultName, boolean higherIsBetter, boolean regression) {
            this.resultName = resultName;
            this.higherIsBetter = higherIsBetter;
            this.regression = regression;
        }

        /** The metric's name in results files ({@code Measurement.metric}). */
        public String resultName() {
            return resultName;
        }

        /** Whether larger values are better. */
        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /** Whether the metric judges real-valued predictions (a regression task). */
        public boolean isRegression() {
            return regression;
        }
    }

    public QualityTarget {
        if (metric == null) {
            throw new IllegalArgumentException("quality target needs a metric");
        }
        boolean valid = switch (metric) {
            case ACCURACY -> threshold >= 0 && threshold <= 1;
            case R2 -> threshold <= 1;
            case RMSE, BITS_PER_CHARACTER -> threshold >= 0 && Double.isFinite(threshold);
        };
        if (!valid) {
            throw new IllegalArgumentException("target " + threshold + " is impossible for " + metric);
        }
    }

    /** Whether {@code value} reaches the target. */
    public boolean isMetBy(double value) {
        return metric.higherIsBetter() ? value >= threshold : value <= threshold;
    }

    /** The target for people, e.g. "accuracy >= 0.9" or "rmse <= 0.5". */
    public String describe() {
        return metric.resultName() + (metric.higherIsBetter() ? " >= " : " <= ") + threshold;
    }
}
