/**
 * The human-readable side of a run, built from its {@link dev.jmlbench.core.results.RunResults} alone:
 * {@link dev.jmlbench.reports.ReportGenerator} writes a self-contained HTML report (summary, per-task tables,
 * XChart bar charts embedded as PNG, failed and skipped cells with their reasons, engines, environment and
 * dataset provenance) and {@link dev.jmlbench.reports.ResultsCsv} a CSV export of every measurement.
 *
 * <p>All HTML goes through a small escaping writer: every value taken from results is escaped, so a results
 * file cannot inject markup or script into the report.
 */
package dev.jmlbench.reports;
