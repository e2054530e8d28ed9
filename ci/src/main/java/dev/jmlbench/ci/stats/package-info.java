/**
 * The statistics the regression gate relies on, written out so that they can be read and tested: robust
 * location and spread ({@link dev.jmlbench.ci.stats.Robust}), the Mann-Whitney U rank test on raw benchmark
 * samples ({@link dev.jmlbench.ci.stats.MannWhitneyU}) and step detection over a history of runs
 * ({@link dev.jmlbench.ci.stats.StepDetector}).
 */
package dev.jmlbench.ci.stats;
