package dev.jmlbench.adapters.dl4j;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thread budget as nd4j-native 1.0.0-M2.1 can apply it, and a record of what it applied.
 *
 * <p>nd4j has four knobs, and they behave differently (checked against the 1.0.0-M2.1 binaries):
 * <ul>
 *   <li><b>OpenMP</b> ({@code NativeOps.setOmpNumThreads}, i.e. {@code omp_set_num_threads} of the libgomp that
 *       nd4j bundles): works, but OpenMP keeps this setting <em>per native thread</em>. A thread that never called
 *       it gets the process default, taken from the {@code OMP_NUM_THREADS} environment variable (or the core
 *       count). So the budget is applied when the engine opens and again, through {@link #applyToCurrentThread},
 *       on every thread that trains or predicts (JMH and the harness use their own threads).</li>
 *   <li><b>OpenBLAS</b> ({@code Blas.setMaxThreads}, i.e. {@code openblas_set_num_threads}): process-wide;
 *       applied when the engine opens.</li>
 *   <li><b>libnd4j master threads</b> ({@code Environment.setMaxMasterThreads}): process-wide, but clamped to the
 *       pool size below.</li>
 *   <li><b>libnd4j pool size</b> ({@code Environment.setMaxThreads}): a no-op in 1.0.0-M2.1 (commented out in
 *       libnd4j's {@code Environment.cpp}); the pool size is fixed when libnd4j loads, from {@code SD_MAX_THREADS},
 *       else {@code OMP_NUM_THREADS}, else the hardware thread count. Only the environment of the JVM can set it,
 *       which is why the build sets {@code OMP_NUM_THREADS} for every forked JVM.</li>
 * </ul>
 * {@code OMP_WAIT_POLICY} (passive is much better on few cores) is read by libgomp at load time and can only be
 * set in the environment too; it is recorded, not applied.
 */
final class Nd4jThreads {
    private final int budget;
    private final NativeOps nativeOps;
    private final Map<String, String> applied;

    private Nd4jThreads(int budget, NativeOps nativeOps, Map<String, String> applied) {
        this.budget = budget;
        this.nativeOps = nativeOps;
        this.applied = applied;
    }

    /** Applies {@code budget} to every knob nd4j offers and records the values read back afterwards. */
    static Nd4jThreads apply(int budget) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Environment env = Nd4j.getEnvironment();
        Blas blas = Nd4j.factory().blas();
        int poolBefore = env.maxThreads();

        ops.setOmpNumThreads(budget);
        env.setMaxThreads(budget); // no-op in 1.0.0-M2.1; called so that a later nd4j that honours it does
        env.setMaxMasterThreads(budget);
        blas.setMaxThreads(budget);

        Map<String, String> m = new LinkedHashMap<>();
        m.put("thread budget", String.valueOf(budget));
        m.put("OMP_NUM_THREADS (environment)", envOrUnset("OMP_NUM_THREADS"));
        m.put("OMP_WAIT_POLICY (environment)", envOrUnset("OMP_WAIT_POLICY"));
        m.put("SD_MAX_THREADS (environment)", envOrUnset("SD_MAX_THREADS"));
        m.put("ONEDNN_MAX_CPU_ISA (environment)", envOrUnset("ONEDNN_MAX_CPU_ISA"));
        m.put("nd4j OpenMP threads (setOmpNumThreads, per calling thread)", String.valueOf(ops.ompGetMaxThreads()));
        int pool = env.maxThreads();
        m.put("libnd4j pool size (Environment.maxThreads)", pool == budget ? String.valueOf(pool)
                : pool + " (not " + budget + ": fixed when libnd4j loads, from SD_MAX_THREADS or OMP_NUM_THREADS;"
                + " setMaxThreads is a no-op in nd4j 1.0.0-M2.1" + (poolBefore == pool ? "" : "; was " + poolBefore)
                + ")");
        m.put("libnd4j master threads (Environment.setMaxMasterThreads)", String.valueOf(env.maxMasterThreads()));
        m.put("OpenBLAS threads (Blas.setMaxThreads)", String.valueOf(blas.getMaxThreads()));
        return new Nd4jThreads(budget, ops, m);
    }

    /**
     * Makes the calling native thread use the budget for OpenMP (a per-thread setting); cheap when it already
     * does. Call before every piece of work.
     */
    void applyToCurrentThread() {
        if (nativeOps.ompGetMaxThreads() != budget) {
            nativeOps.setOmpNumThreads(budget);
        }
    }

    /** OpenMP threads of the calling thread, as libgomp reports them. */
    int openMpThreadsOfCurrentThread() {
        return nativeOps.ompGetMaxThreads();
    }

    /** The thread budget. */
    int budget() {
        return budget;
    }

    /** What was applied and what the environment says, by name, in a stable order. */
    Map<String, String> applied() {
        return applied;
    }

    private static String envOrUnset(String name) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? "unset" : v;
    }
}
