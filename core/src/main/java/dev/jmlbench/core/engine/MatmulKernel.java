package dev.jmlbench.core.engine;

/**
 * An engine's single-precision matrix multiply {@code C = A B} of square n x n matrices, prepared in the
 * engine's own memory so that {@link #run()} times the multiply alone (no copying in or out). Used to calibrate
 * the roofline: the best GFLOP/s any engine reaches on this machine. Close it to free native memory.
 */
public interface MatmulKernel extends AutoCloseable {

    /** Matrix size n. */
    int size();

    /** Computes {@code C = A B} once; the result stays in engine memory. */
    void run();

    /** Floating-point operations of one {@link #run()}: {@code 2 n^3}. */
    default double flops() {
        double n = size();
        return 2 * n * n * n;
    }

    /** The largest absolute difference of C from {@code expected} (row-major), to prove the multiply is real. */
    double maxAbsDiff(float[] expected);

    @Override
    void close();
}
