/**
 * The human-readable side of a run, built from its {@link dev.jmlbench.core.results.RunResults} alone.
 *
 * <p>{@link dev.jmlbench.reports.ReportGenerator} writes a self-contained HTML report: the overview first, a matrix
 * of tasks by engines that fits the first screen (each engine's speed relative to the fastest, coloured by the
 * recorded verdict, and its quality against the target), then a summary (which engine wins which comparison, by what
 * factor, at what quality; a win is claimed only when significant, see {@link dev.jmlbench.reports.stats}), one
 * section per task family (CNN, RNN, CLASSIC) with each task's table and charts collapsed, the cross-task comparisons (quality against latency with its Pareto front, classic learners against
 * networks on one dataset, GFLOP/s against the machine's peak), the parity table, the environment with fairness
 * checks, the failed, skipped and unsupported cells with their reasons, dataset provenance and links to the raw
 * JSON and {@link dev.jmlbench.reports.ResultsCsv the CSV export}. {@link dev.jmlbench.reports.CompareReport} writes
 * the comparison of two runs. Charts are XChart PNGs with an indexed palette, embedded as data URIs, each drawn
 * only when it carries information (no one-point curve); every engine has one colour and marker
 * ({@link dev.jmlbench.reports.EnginePalette}) in every chart, table and legend of both reports. (Inline SVG was
 * tried: XChart's vector encoder draws each glyph as a path, about 220 kB a chart against 10 kB as indexed PNG.)
 *
 * <p>All HTML goes through a small escaping writer: every value taken from results is escaped, so a results
 * file cannot inject markup or script into the report. The one command line for both reports is the suites'
 * {@code jmlbench report} and {@code jmlbench compare A B}.
 */
package dev.jmlbench.reports;
