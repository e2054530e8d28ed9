/**
 * Real datasets with provenance and checksums, and the deterministic splits every engine shares.
 * {@link dev.jmlbench.datasets.Datasets} is the entry point. Committed files are listed, with source package,
 * licence and SHA-256, in {@code data/manifest.json} beside them.
 */
package dev.jmlbench.datasets;
