package dev.jmlbench.core.data;

import java.util.List;

/**
 * What a dataset is and where its bytes came from; recorded with every result.
 *
 * @param id         dataset id, e.g. {@code iris}
 * @param source     where the file came from (package, version and path inside it)
 * @param licence    licence of the data
 * @param sha256     SHA-256 of the file as shipped, hex
 * @param classNames class names, index = label
 * @param synthetic  true for generated data; results from it say so wherever shown
 */
public record DatasetInfo(String id, String source, String licence, String sha256, List<String> classNames,
                          boolean synthetic) {
    public DatasetInfo {
        classNames = List.copyOf(classNames);
    }
}
