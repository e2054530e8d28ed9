/**
 * The run history: one JSON line per run (environment, git commit, engines, every figure), appended by
 * {@code jmlbench compare}, read back for rolling-median baselines, step detection and trend charts. Runs are
 * compared only within one {@link dev.jmlbench.core.env.MachineClass}.
 */
package dev.jmlbench.ci.history;
