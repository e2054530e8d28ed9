package dev.jmlbench.core.engine;

import dev.jmlbench.core.task.TaskSpec;

/** An opened engine: native libraries loaded, thread budget applied. Close it to free native resources. */
public interface Engine extends AutoCloseable {

    /** Versions, applied thread settings and devices. */
    EngineInfo info();

    /** Whether this engine runs {@code task} exactly as specified, with the reason when not. */
    Support supports(TaskSpec task);

    /**
     * Builds the model of {@code task} on the CPU. Parameters are unspecified until
     * {@link Model#importParameters} is called; the harness always imports the canonical initial parameters.
     *
     * @throws UnsupportedOperationException when {@link #supports} says no
     */
    Model build(TaskSpec task);

    /**
     * Optional capability: a prepared {@code n x n} single-precision matrix multiply of {@code a} by {@code b}
     * (row-major), for roofline calibration. Empty when the engine offers no matrix multiply.
     */
    default java.util.Optional<MatmulKernel> matmul(int n, float[] a, float[] b) {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
