package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.Change;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.FigureKey;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.reports.stats.Replicates;
import dev.jmlbench.reports.stats.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run B against run A, figure by figure, as {@code compare A B} shows it: the figures of both runs matched on the
 * engine and the one {@link FigureKey}, each pair judged as a {@link Change} (B over A, its 95% interval over
 * per-fork means, the verdict in the metric's good direction against {@link #MARGIN}), and the figures only one
 * run has. {@link CompareReport} renders it.
 *
 * @param rows  the figures present in both runs, in A's order
 * @param onlyA figures only A has
 * @param onlyB figures only B has
 */
public record RunComparison(List<Row> rows, List<Measurement> onlyA, List<Measurement> onlyB) {
    /** Practical margin of the per-figure verdicts (ratios within 1 +- margin are equivalent). */
    public static final double MARGIN = Verdict.DEFAULT_MARGIN;

    /**
     * One figure present in both runs.
     *
     * @param a      A's figure
     * @param b      B's figure
     * @param change B against A: {@link Verdict#FASTER} means B is better (faster, or more accurate)
     */
    public record Row(Measurement a, Measurement b, Change change) {
        /** B / A. */
        public double ratio() {
            return change.ratio();
        }

        /** Lower bound of the 95% interval of the ratio (NaN when unknown). */
        public double low() {
            return change.low();
        }

        /** Upper bound (NaN when unknown). */
        public double high() {
            return change.high();
        }

        /** How the interval was obtained, or why there is none. */
        public String ciMethod() {
            return change.method();
        }

        /** B against A in the metric's good direction. */
        public Verdict verdict() {
            return change.verdict();
        }

        /** Whether an interval backs the verdict. */
        public boolean tested() {
            return change.tested();
        }

        /** The verdict for people: faster/slower for speed figures, better/worse for others. */
        public String verdictText() {
            boolean speed = Names.SPEED_SCENARIOS.contains(a.scenario());
            return switch (change.verdict()) {
                case FASTER -> speed ? "B faster" : "B better";
                case SLOWER -> speed ? "B slower" : "B worse";
                case EQUIVALENT -> "equivalent";
                case INCONCLUSIVE -> tested() ? "inconclusive" : "not tested";
            };
        }
    }

    /** Matches the figures of two runs and judges each pair. */
    public static RunComparison of(RunResults a, RunResults b) {
        Map<String, Measurement> inA = index(a);
        Map<String, Measurement> inB = index(b);
        List<Row> rows = new ArrayList<>();
        List<Measurement> onlyA = new ArrayList<>();
        inA.forEach((k, m) -> {
            if (inB.containsKey(k)) {
                rows.add(row(m, inB.get(k)));
            } else {
                onlyA.add(m);
            }
        });
        List<Measurement> onlyB = inB.entrySet().stream().filter(e -> !inA.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new RunComparison(List.copyOf(rows), List.copyOf(onlyA), onlyB);
    }

    /**
     * B's figure against A's, centred on the recorded figures' ratio (JMH's score is the mean over every
     * iteration, not the geometric mean of the forks').
     */
    static Row row(Measurement ma, Measurement mb) {
        Change change = Change.of(Replicates.of(ma), Replicates.of(mb), mb.value() / ma.value(),
                Direction.of(ma.metric()), RatioInterval.LEVEL, MARGIN);
        return new Row(ma, mb, change);
    }

    /** The key a figure is matched on: the engine and the one {@link FigureKey}. */
    static String key(Measurement m) {
        return m.engine() + "\u0000" + FigureKey.of(m);
    }

    private static Map<String, Measurement> index(RunResults r) {
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (Measurement m : r.measurements()) {
            if (Double.isFinite(m.value())) {
                out.putIfAbsent(key(m), m);
            }
        }
        return out;
    }
}
