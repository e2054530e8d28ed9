/**
 * Regression tracking: a run's figures against a {@link dev.jmlbench.ci.regression.Baseline} cell by cell
 * ({@link dev.jmlbench.ci.regression.RegressionCheck}), direction-aware thresholds per metric
 * ({@link dev.jmlbench.ci.regression.Thresholds}), significance on raw samples
 * ({@link dev.jmlbench.ci.regression.Significance}), confirmation of alerts by re-measurement
 * ({@link dev.jmlbench.ci.regression.Confirmation}), steps across the history
 * ({@link dev.jmlbench.ci.regression.HistoryTrends}) and the outputs: terminal table, verdict JSON, report section.
 */
package dev.jmlbench.ci.regression;
