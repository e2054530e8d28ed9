package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine's floating-point peak as the report reads it from results, for GFLOP/s as a share of peak. The
 * names below are the contract with the writer of the calibration figures (the harness's
 * {@code PeakFlopsBenchmark}, vector FMAs on registers, and {@code GemmBenchmark}, each engine's sgemm):
 * measurements of scenario {@value #SCENARIO}, unit GFLOP/s, params {@code threads} (and {@code n} for sgemm).
 */
public final class Calibration {
    /** Scenario of the calibration figures. */
    public static final String SCENARIO = Names.SCENARIO_CALIBRATION;
    /** The FMA peak of the cores at the given thread count (engine {@code reference}), GFLOP/s. */
    public static final String METRIC_FMA_PEAK = Names.METRIC_FMA_PEAK;
    /** An engine's sgemm on n x n matrices, GFLOP/s; params {@code n} and {@code threads}. */
    public static final String METRIC_SGEMM = Names.METRIC_SGEMM;
    /** Metric of the GFLOP/s derived from a throughput (forward FLOPs per example x examples per second). */
    public static final String METRIC_GFLOPS = Names.METRIC_GFLOPS;

    private Calibration() {
    }

    /**
     * The peak a figure measured with {@code threads} threads is held against.
     *
     * @param value       GFLOP/s
     * @param description what the peak is, for people
     */
    record Peak(double value, String description) {
    }

    /**
     * The FMA peak at the same thread count, else the best sgemm of any engine at that thread count; empty when
     * the results hold neither (then no share of peak can be given).
     */
    static Optional<Peak> peak(RunResults results, String threads) {
        List<Measurement> cal = results.measurements().stream()
                .filter(m -> SCENARIO.equals(m.scenario()) && Double.isFinite(m.value()) && m.value() > 0).toList();
        Optional<Measurement> fma = cal.stream().filter(m -> METRIC_FMA_PEAK.equals(m.metric())
                && Objects.equals(m.params().get(Names.PARAM_THREADS), threads)).findFirst();
        if (fma.isPresent()) {
            return Optional.of(new Peak(fma.get().value(), "the FMA peak measured with " + threads + " thread(s), "
                    + Format.number(fma.get().value()) + " GFLOP/s"));
        }
        Optional<Measurement> gemm = cal.stream().filter(m -> METRIC_SGEMM.equals(m.metric())
                && Objects.equals(m.params().get(Names.PARAM_THREADS), threads))
                .max(Comparator.comparingDouble(Measurement::value));
        return gemm.map(g -> new Peak(g.value(), "the best sgemm measured with " + threads + " thread(s) ("
                + g.engine() + ", n = " + Format.orMissing(g.params().get(Names.PARAM_MATRIX_SIZE)) + "), " + Format.number(g.value())
                + " GFLOP/s"));
    }

    /** Whether the results hold any calibration figure. */
    static boolean any(RunResults results) {
        return results.measurements().stream().anyMatch(m -> SCENARIO.equals(m.scenario()));
    }
}
