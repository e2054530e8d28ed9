/**
 * The dataset API shared by the datasets module (which loads real data) and the engines (which consume it):
 * labelled examples, a train/test split and the provenance of the bytes used.
 */
package dev.jmlbench.core.data;
