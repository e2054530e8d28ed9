package dev.jmlbench.core.results;

/**
 * Exactly which data a figure was measured on.
 *
 * @param id        dataset id
 * @param sha256    SHA-256 of the dataset file
 * @param split     how it was split
 * @param synthetic true for generated data
 */
public record DatasetStamp(String id, String sha256, String split, boolean synthetic) {
}
