package dev.jmlbench.core.engine;

/**
 * Service-provider entry point of an engine adapter, found by {@link java.util.ServiceLoader}.
 * Implementations must be cheap to instantiate and must not load native libraries before {@link #open}.
 */
public interface EngineProvider {

    /** Stable engine id used on the command line and in results, e.g. {@code djl}. */
    String id();

    /** Name for people, e.g. "DJL (PyTorch engine)". */
    String displayName();

    /**
     * Loads the engine's libraries and applies the thread budget.
     *
     * @throws EngineUnavailableException when the engine cannot run here (native library missing, ...),
     *                                    with a message that says what to do
     */
    Engine open(EngineConfig config) throws EngineUnavailableException;

    /**
     * Whether the opened engine offers a matrix multiply ({@link Engine#matmul} not empty), so that the harness
     * can calibrate it against the machine's peak without opening engines that have none.
     */
    default boolean offersMatmul() {
        return false;
    }

    /**
     * Whether this engine is the parity reference: the one every other engine's outputs, gradients and trained
     * models are checked against (exactly one engine on the class path says so; {@link Engines#parityReference}).
     */
    default boolean isParityReference() {
        return false;
    }
}
