package dev.jmlbench.suites.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command that opens engines shares: the thread budget and the native-library cache. */
public final class EngineOptions {
    @Option(names = "--threads", description = "compute threads given to every engine alike (default:"
            + " ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.threads:-1}")
    public int threads;

    @Option(names = "--cache-dir", description = "native library cache (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:jmlbench.cacheDir:-target/native-cache}")
    public Path cacheDir;
}
