/**
 * CI gates over result JSON. For now the quality gate: a run fails when a trained model misses its quality
 * target, a speed figure was measured on such a model, or an engine failed. Regression tracking against a
 * baseline and history grows here.
 */
package dev.jmlbench.ci;
