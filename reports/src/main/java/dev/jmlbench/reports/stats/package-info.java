/**
 * The statistics of the reports, with no dependency beyond the results schema: confidence intervals from raw
 * per-iteration scores ({@link dev.jmlbench.reports.stats.ConfidenceIntervals}), the Mann-Whitney U and Welch t
 * tests, Holm's correction and the pairwise comparison of engines that the report's summary and the compare report
 * rest on. A win is claimed only when it is significant.
 */
package dev.jmlbench.reports.stats;
