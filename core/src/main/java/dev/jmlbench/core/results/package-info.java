/**
 * The versioned result schema: what a run measured, on what, with which spread and at which accuracy.
 * {@link dev.jmlbench.core.results.ResultsJson} reads and writes it; reading checks every required field and
 * names the file and field that are wrong.
 */
package dev.jmlbench.core.results;
