package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;

import java.util.List;

/**
 * The independent replicates behind a figure. The replication unit of a JVM benchmark is the fork: iterations
 * inside one fork share its JIT decisions, heap layout and native thread pools, so they estimate that fork's mean
 * and are not independent samples of the figure. A figure's replicates are therefore its per-fork means; a figure
 * measured in one fork has one replicate and supports no interval of its own.
 */
public final class Replicates {
    private Replicates() {
    }

    /** The per-fork means of {@code m} (finite values only); empty when it records none. */
    public static double[] of(Measurement m) {
        return finite(m.forkMeans());
    }

    /** The finite values of {@code xs}; empty for null. */
    public static double[] finite(List<Double> xs) {
        if (xs == null) {
            return new double[0];
        }
        return xs.stream().filter(d -> d != null && Double.isFinite(d)).mapToDouble(Double::doubleValue).toArray();
    }
}
