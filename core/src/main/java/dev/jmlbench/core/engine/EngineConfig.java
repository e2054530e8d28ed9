package dev.jmlbench.core.engine;

import java.nio.file.Path;

/**
 * What the harness gives every engine alike.
 *
 * @param threads        compute threads the engine may use (intra-op, OpenMP, its own pools), at least 1
 * @param nativeCacheDir folder where native libraries may be unpacked
 */
public record EngineConfig(int threads, Path nativeCacheDir) {
    public EngineConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("thread budget must be at least 1, got " + threads);
        }
        if (nativeCacheDir == null) {
            throw new IllegalArgumentException("native cache folder is required");
        }
    }
}
