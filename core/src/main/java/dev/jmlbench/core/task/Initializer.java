package dev.jmlbench.core.task;

/**
 * How the canonical initial parameters are drawn. The harness draws them once, from the recipe's seed, and
 * imports the same values into every engine, so initial weights are identical by construction. Biases are
 * always zero. Fan-in and fan-out are those of {@link dev.jmlbench.core.params.CanonicalLayout#fans}.
 */
public enum Initializer {
    /** All weights and biases zero. */
    ZEROS,
    /** Weights uniform in +-sqrt(6 / (fanIn + fanOut)). */
    GLOROT_UNIFORM,
    /** Weights normal with mean 0 and standard deviation sqrt(2 / fanIn). */
    HE_NORMAL
}
