package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Names;

import java.util.Set;

/** Which way a metric is better, so that a ranking or a change can be called better or worse. */
public enum Direction {
    /** Larger is better: throughput, accuracy, GFLOP/s. */
    HIGHER_IS_BETTER,
    /** Smaller is better: latency, times, losses, errors, memory. */
    LOWER_IS_BETTER,
    /** Neither (a model's size, a count): no ranking. */
    NEUTRAL;

    private static final Set<String> HIGHER = Set.of(Names.METRIC_THROUGHPUT, Names.METRIC_ACCURACY,
            Names.METRIC_MACRO_F1, Names.METRIC_R2, Names.METRIC_GFLOPS, Names.METRIC_FMA_PEAK, Names.METRIC_SGEMM);
    private static final Set<String> LOWER = Set.of(Names.METRIC_LATENCY, Names.METRIC_TRAIN_TIME,
            Names.METRIC_FIRST_EPOCH_TIME, Names.METRIC_EPOCH_TIME, Names.METRIC_STEP_TIME, Names.METRIC_TIME_TO_TARGET,
            Names.METRIC_LOG_LOSS, Names.METRIC_RMSE, Names.METRIC_BITS_PER_CHARACTER, Names.METRIC_PARITY,
            Names.METRIC_PEAK_HEAP, Names.METRIC_PEAK_RSS, Names.METRIC_TRAIN_LOSS, Names.METRIC_ELAPSED,
            Names.METRIC_COLD_START, Names.METRIC_ALLOCATION, Names.METRIC_HARNESS_OVERHEAD, Names.METRIC_MSE,
            Names.METRIC_FORWARD_MAX_ABS, Names.METRIC_FORWARD_MAX_REL, Names.METRIC_LAYER_MAX_ABS);

    /** The direction of a metric name as written in results; {@link #NEUTRAL} for names it does not know. */
    public static Direction of(String metric) {
        if (metric == null) {
            return NEUTRAL;
        }
        if (HIGHER.contains(metric)) {
            return HIGHER_IS_BETTER;
        }
        return LOWER.contains(metric) ? LOWER_IS_BETTER : NEUTRAL;
    }

    /** Whether {@code a} is better than {@code b} in this direction (false for {@link #NEUTRAL}). */
    public boolean better(double a, double b) {
        return switch (this) {
            case HIGHER_IS_BETTER -> a > b;
            case LOWER_IS_BETTER -> a < b;
            case NEUTRAL -> false;
        };
    }
}
