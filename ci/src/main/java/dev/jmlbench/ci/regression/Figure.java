package dev.jmlbench.ci.regression;

import dev.jmlbench.ci.stats.Robust;
import dev.jmlbench.core.results.Measurement;

import java.util.ArrayList;
import java.util.List;

/**
 * One side of a comparison for one cell: the figure, the raw samples behind it, and its spread.
 *
 * @param value     the figure: a run's reported value, or the median of several runs' values
 * @param unit      its unit
 * @param samples   raw samples for the rank test: a run's per-iteration scores, or those of several runs pooled;
 *                  empty when not recorded
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
        return new Figure(m.value(), m.unit(), m.rawScores() == null ? List.of() : m.rawScores(), m.error(),
                List.of(m.value()));
    }

    /**
     * The figure of several measurements of one cell (several runs, or several seeds of one run): the median
     * value; samples pooled when every measurement has at least two, otherwise the values themselves serve as
     * samples.
     */
    public static Figure ofSeveral(List<Measurement> ms) {
        if (ms.size() == 1) {
            return of(ms.get(0));
        }
        List<Double> values = ms.stream().map(Measurement::value).toList();
        List<Double> pooled = new ArrayList<>();
        boolean allRaw = true;
        for (Measurement m : ms) {
            if (m.rawScores() == null || m.rawScores().size() < 2) {
                allRaw = false;
                break;
            }
            pooled.addAll(m.rawScores());
        }
        return new Figure(Robust.median(values), ms.get(0).unit(), allRaw ? pooled : values, null, values);
    }

    /** The samples as an array. */
    public double[] sampleArray() {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
