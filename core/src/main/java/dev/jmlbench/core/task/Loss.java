package dev.jmlbench.core.task;

/** Training loss, averaged over the examples of a mini-batch. */
public enum Loss {
    /** Softmax followed by the negative log-likelihood of the true class (multinomial log-loss). */
    SOFTMAX_CROSS_ENTROPY,
    /** Mean squared error. */
    MEAN_SQUARED_ERROR
}
