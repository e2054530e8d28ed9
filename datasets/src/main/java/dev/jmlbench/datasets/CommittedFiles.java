package dev.jmlbench.datasets;

import java.io.IOException;
import java.io.InputStream;

/** Reads the built-in catalogue's dataset files from the class path. */
final class CommittedFiles {
    private CommittedFiles() {
    }

    /**
     * The bytes of class-path resource {@code name}, relative to this package.
     *
     * @throws DatasetException when it is missing
     */
    static byte[] readResource(String name) {
        try (InputStream in = CommittedFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DatasetException("dataset file " + name + " is missing from the class path (module"
                        + " jmlbench-datasets, folder dev/jmlbench/datasets/" + name + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset file " + name + ": " + e.getMessage(), e);
        }
    }
}
