/**
 * CI gates over result JSON. {@link dev.jmlbench.ci.QualityGate}: a run fails when a trained model misses its
 * quality target, a speed figure was measured on such a model, or an engine failed.
 * {@link dev.jmlbench.ci.RegressionGate}: a run fails when a figure regressed against a baseline or the run
 * history beyond its threshold, significantly, and a re-measurement confirmed it; or when a model missed its
 * target or parity broke. The pieces live in {@code history} (the JSON-lines store),
 * {@code regression} (baseline, comparison, confirmation, verdict, trends) and {@code stats}.
 */
package dev.jmlbench.ci;
