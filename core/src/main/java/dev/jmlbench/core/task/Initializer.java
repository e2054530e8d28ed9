package dev.jmlbench.core.task;

/**
 * How the canonical initial parameters are drawn. The harness draws them once, from the recipe's seed, and
 * imports the same values into every engine, so initial weights are identical by construction.
 */
public enum Initializer {
    /** All weights and biases zero. */
    ZEROS,
    /** Weights uniform in +-sqrt(6 / (fanIn + fanOut)); biases zero. */
    GLOROT_UNIFORM
}
