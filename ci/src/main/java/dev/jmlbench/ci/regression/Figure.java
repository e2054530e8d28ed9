package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.reports.stats.Replicates;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.util.ArrayList;
import java.util.List;

/**
 * One side of a comparison for one cell: the figure, the raw samples behind it, and its spread.
 *
 * @param value     the figure: a run's reported value, or the median of several runs' values
 * @param unit      its unit
 * @param samples   the replicates: a run's per-fork means, those of several runs pooled, or, when a run has
 *                  fewer than two forks, the runs' values; empty when there are none
 * @param error     JMH's 99.9% confidence half-width of a single run's value; null when unknown or pooled
 * @param runValues the value of each run behind the figure (one for a single run)
 */
public record Figure(double value, String unit, List<Double> samples, Double error, List<Double> runValues) {
    public Figure {
        samples = List.copyOf(samples);
        runValues = List.copyOf(runValues);
    }

    /** The figure of one measurement. */
    public static Figure of(Measurement m) {
        List<Double> forks = new ArrayList<>();
        for (double f : Replicates.of(m)) {
            forks.add(f);
        }
        return new Figure(m.value(), m.unit(), forks, m.error(), List.of(m.value()));
    }

    /**
     * The figure of several measurements of one cell (several runs, or several seeds of one run): the median
     * value; per-fork means pooled when every measurement has at least two (every fork is a replicate),
     * otherwise the values themselves serve as replicates.
     */
    public static Figure ofSeveral(List<Measurement> ms) {
        if (ms.size() == 1) {
            return of(ms.get(0));
        }
        List<Double> values = ms.stream().map(Measurement::value).toList();
        List<Double> pooled = new ArrayList<>();
        boolean allRaw = true;
        for (Measurement m : ms) {
            double[] forks = Replicates.of(m);
            if (forks.length < 2) {
                allRaw = false;
                break;
            }
            for (double f : forks) {
                pooled.add(f);
            }
        }
        double median = new Median().evaluate(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new Figure(median, ms.get(0).unit(), allRaw ? pooled : values, null, values);
    }

    /** The samples as an array. */
    public double[] sampleArray() {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
