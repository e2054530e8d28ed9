package dev.jmlbench.conformance;

/**
 * How close an engine must come to the reference engine, in float32. Stated once, used by the kit and by the
 * harness's parity run.
 */
public final class Tolerances {
    private Tolerances() {
    }

    /** Forward pass of Dense + softmax on identical weights: max absolute difference of probabilities. */
    public static final double DENSE_FORWARD_ABS = 1e-5;

    /**
     * Parameters after training from identical weights on identical batches (600 SGD steps of the iris task):
     * max absolute difference. Rounding differences (float32 vs float64 engines, summation order) accumulate
     * over steps, so this tier is wider than the forward one.
     */
    public static final double DENSE_TRAINED_PARAMS_ABS = 2e-3;

    /** Export after import must give back the very same floats. */
    public static final double EXPORT_ROUND_TRIP_ABS = 0.0;
}
