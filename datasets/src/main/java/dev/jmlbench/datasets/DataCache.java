package dev.jmlbench.datasets;

import java.nio.file.Path;

/**
 * Where fetched datasets are kept: {@code -Djmlbench.dataDir}, else the environment variable
 * {@code JMLBENCH_DATA_DIR}, else {@code $XDG_CACHE_HOME/jmlbench}, else {@code ~/.cache/jmlbench}.
 */
public final class DataCache {
    private DataCache() {
    }

    /** The data cache folder (not created here). */
    public static Path dir() {
        String property = System.getProperty("jmlbench.dataDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("JMLBENCH_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jmlbench");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jmlbench");
    }
}
