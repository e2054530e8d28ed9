package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.EngineConfig;

import java.nio.file.Path;

/**
 * The JVM-wide settings DJL reads when its engine initialises, applied as system properties. Plain Java: this
 * class refers to no DJL class, so applying the settings loads nothing of DJL.
 *
 * <p>DJL reads all of these once per process: {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} when the
 * {@code ai.djl.engine.Engine} class initialises (its static initialiser calls {@code Ec2Utils.callHome}, which
 * returns early on either), {@code DJL_CACHE_DIR} when it unpacks the natives, and the two PyTorch thread
 * properties when the PyTorch engine is created.
 */
final class DjlSettings {
    /** DJL's offline switch; {@code Utils.isOfflineMode()} reads it (after the {@code DJL_OFFLINE} variable). */
    static final String OFFLINE = "ai.djl.offline";
    /** DJL's telemetry opt-out, read as an environment variable or a system property. */
    static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    /** Where DJL unpacks the PyTorch natives; an environment variable wins over the system property. */
    static final String CACHE_DIR = "DJL_CACHE_DIR";
    /** PyTorch intra-op threads ({@code at::set_num_threads}), read when the PyTorch engine is created. */
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    /** PyTorch inter-op threads ({@code at::set_num_interop_threads}), read when the PyTorch engine is created. */
    static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    /**
     * What was applied.
     *
     * @param threads     the thread budget written to both PyTorch thread properties
     * @param cacheDir    the native cache folder DJL will use
     * @param cacheSource where {@code cacheDir} comes from: environment, system property, or set by the adapter
     */
    record Applied(int threads, String cacheDir, String cacheSource) {
    }

    private DjlSettings() {
    }

    /**
     * Makes DJL offline and tracking-free, sets its cache folder (to {@code <nativeCacheDir>/djl} unless the
     * {@code DJL_CACHE_DIR} environment variable or system property already names one) and writes the thread
     * budget to PyTorch's thread properties. Must run before any class that initialises DJL's Engine is touched.
     */
    static synchronized Applied apply(EngineConfig config) {
        System.setProperty(OFFLINE, "true");
        System.setProperty(OPT_OUT_TRACKING, "true");

        String cacheDir;
        String cacheSource;
        String env = System.getenv(CACHE_DIR);
        String property = System.getProperty(CACHE_DIR);
        if (env != null && !env.isBlank()) {
            cacheDir = env;
            cacheSource = "environment variable " + CACHE_DIR;
        } else if (property != null && !property.isBlank()) {
            cacheDir = property;
            cacheSource = "system property " + CACHE_DIR;
        } else {
            Path dir = config.nativeCacheDir().toAbsolutePath().normalize().resolve("djl");
            cacheDir = dir.toString();
            cacheSource = "set by the adapter from the harness's native cache folder";
            System.setProperty(CACHE_DIR, cacheDir);
        }

        String threads = Integer.toString(config.threads());
        System.setProperty(NUM_THREADS, threads);
        System.setProperty(NUM_INTEROP_THREADS, threads);
        return new Applied(config.threads(), cacheDir, cacheSource);
    }
}
