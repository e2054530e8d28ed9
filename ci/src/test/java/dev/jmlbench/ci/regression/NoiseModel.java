package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated runs whose noise is fitted to a real run. Every speed figure is measured in {@link #FORKS} JVM forks:
 * each fork has its own factor (JIT decisions and memory layout of a fresh JVM, log-normal with the cell spread),
 * and within a fork the per-iteration noise of a throughput cell is resampled from that cell's own JMH iteration
 * scores (their ratios to the cell's mean), while latency means vary by their own JMH standard error. Between
 * runs, every speed figure of the run is scaled by a machine-wide factor (a slower or busier machine), log-normal
 * with the machine spread. Quality figures are deterministic and copied.
 */
final class NoiseModel {
    private final RunResults real;
    private final double machineSigma;
    private final double cellSigma;
    private final Map<Measurement, double[]> residuals = new HashMap<>();
    private int runs;
    /** Forks per speed figure, as the quick preset measures them. */
    static final int FORKS = 3;
    /** Standard normal quantile of 0.9995: JMH's 99.9% half-width is this many standard errors. */
    private static final double Z_999 = 3.2905;

    /**
     * @param real         the run to fit to
     * @param machineSigma log-normal spread of the machine-wide factor between runs
     * @param cellSigma    log-normal spread of each cell's own factor between runs
     */
    NoiseModel(RunResults real, double machineSigma, double cellSigma) {
        this.real = real;
        this.machineSigma = machineSigma;
        this.cellSigma = cellSigma;
        for (Measurement m : real.measurements()) {
            if (m.rawScores() != null && m.rawScores().size() >= 2) {
                double mean = m.rawScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                residuals.put(m, m.rawScores().stream().mapToDouble(v -> v / mean).toArray());
            }
        }
    }

    /** Within-run spread of the real throughput iterations: the largest coefficient of variation of a cell. */
    double largestIterationSpread() {
        double worst = 0;
        for (double[] r : residuals.values()) {
            double mean = java.util.Arrays.stream(r).average().orElseThrow();
            double var = java.util.Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / (r.length - 1);
            worst = Math.max(worst, Math.sqrt(var) / mean);
        }
        return worst;
    }

    /**
     * One simulated run.
     *
     * @param slowdown time factor per engine id (1.3 = every call takes 30% longer); engines not named: 1
     */
    RunResults run(Random rnd, Map<String, Double> slowdown) {
        double machine = Math.exp(machineSigma * rnd.nextGaussian());
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : real.measurements()) {
            if (m.scenario().equals(Names.SCENARIO_QUALITY) && !m.metric().equals(Names.METRIC_TRAIN_TIME)) {
                out.add(m);
                continue;
            }
            boolean perSecond = m.unit().endsWith("/s");
            double[] r = residuals.get(m);
            List<Double> raw = r == null ? null : new ArrayList<>();
            List<Double> forkMeans = new ArrayList<>();
            for (int f = 0; f < FORKS; f++) {
                double time = machine * Math.exp(cellSigma * rnd.nextGaussian())
                        * slowdown.getOrDefault(m.engine(), 1.0);
                double level = perSecond ? m.value() / time : m.value() * time;
                if (r != null) {
                    double sum = 0;
                    for (int i = 0; i < r.length; i++) {
                        double v = level * r[rnd.nextInt(r.length)];
                        raw.add(v);
                        sum += v;
                    }
                    forkMeans.add(sum / r.length);
                } else if (m.error() != null) {
                    forkMeans.add(level * (1 + m.error() / m.value() / Z_999 * rnd.nextGaussian()));
                } else {
                    forkMeans.add(level);
                }
            }
            double value = forkMeans.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            Double error = m.error() == null ? null : m.error() / m.value() * value;
            out.add(m.derive(m.metric()).value(value, m.unit()).error(error).samples(m.samples())
                    .percentiles(m.percentiles()).rawScores(raw).forkMeans(forkMeans).build());
        }
        runs++;
        return new RunResults(real.schemaVersion(), real.runId() + "-sim" + runs, real.environment(), real.engines(),
                real.tasks(), real.datasets(), out, real.cells());
    }

    /** One simulated run at {@code commit}. */
    RunResults run(Random rnd, Map<String, Double> slowdown, String commit) {
        RunResults r = run(rnd, slowdown);
        var e = r.environment();
        var env = new dev.jmlbench.core.env.EnvironmentInfo(e.cpuModel(), e.cpuId(), e.cpuFlags(), e.logicalCores(),
                e.memoryBytes(), e.os(), e.jvm(), e.jvmFlags(), e.threadSettings(), commit, e.timestamp());
        return new RunResults(r.schemaVersion(), r.runId(), env, r.engines(), r.tasks(), r.datasets(),
                r.measurements(), r.cells());
    }
}
