package dev.jmlbench.datasets;

import java.util.List;

/**
 * One committed dataset as described in {@code data/manifest.json}.
 *
 * @param id          dataset id
 * @param file        file name beside the manifest
 * @param format      file layout; {@code sklearn-csv} is a header "n, n_features, class names..." then rows of
 *                    features followed by an integer class label
 * @param description one line for people
 * @param source      package, version and path the file was taken from
 * @param licence     licence of the data
 * @param sha256      SHA-256 of the file, hex
 * @param samples     number of examples
 * @param features    number of features
 * @param classCounts examples per class, index = label
 */
public record ManifestEntry(String id, String file, String format, String description, String source,
                            String licence, String sha256, int samples, int features, List<Integer> classCounts) {
}
