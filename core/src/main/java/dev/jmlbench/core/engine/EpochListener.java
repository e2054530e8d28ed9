package dev.jmlbench.core.engine;

/**
 * Called by an engine after each training epoch, with the model in a state where {@link Model#predict} may be
 * called (the harness uses it to record a metric per epoch and the time to reach the quality target). Time spent
 * in the listener is the harness's, not the engine's: the harness subtracts it from the training time.
 */
@FunctionalInterface
public interface EpochListener {
    /** A listener that does nothing. */
    EpochListener NONE = (epoch, meanLoss) -> { };

    /**
     * @param epoch    1-based number of the epoch just finished
     * @param meanLoss mean training loss of that epoch as the engine computed it; NaN when not exposed
     */
    void afterEpoch(int epoch, double meanLoss);
}
