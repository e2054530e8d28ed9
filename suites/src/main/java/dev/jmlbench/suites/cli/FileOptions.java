package dev.jmlbench.suites.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The file options several commands share, with one default each (from {@code -Djmlbench.out}). */
public final class FileOptions {
    private FileOptions() {
    }

    /** {@code --out}: the folder a run writes its stage files into. */
    public static final class Out {
        @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})",
                defaultValue = "${sys:jmlbench.out:-target/jmlbench}")
        public Path out;
    }

    /** {@code --results}: the merged results file a command reads. */
    public static final class Results {
        @Option(names = "--results", description = "results file (default: ${DEFAULT-VALUE})",
                defaultValue = "${sys:jmlbench.out:-target/jmlbench}/results.json")
        public Path results;
    }
}
