package dev.jmlbench.datasets;

import java.io.IOException;
import java.io.InputStream;

/** Reads committed dataset files from the class path and verifies them against the manifest. */
final class CommittedFiles {
    private static final String DIR = "data/";

    private CommittedFiles() {
    }

    /**
     * The content of {@code file} as its package ships it (decompressed when it was gzipped only here),
     * verified by SHA-256.
     *
     * @throws DatasetException when the file is missing or its checksum differs
     */
    static byte[] read(ManifestEntry.ManifestFile file) {
        byte[] committed = readResource(DIR + file.name());
        boolean gzippedHere = file.name().endsWith(".gz") && !file.packagePath().endsWith(".gz");
        byte[] published = gzippedHere ? Bytes.gunzipIfNeeded(committed, file.name()) : committed;
        Bytes.verifySha256(published, file.sha256(), file.name());
        return published;
    }

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
