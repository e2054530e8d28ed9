package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every pair of engines measured on the same speed figure, as an effect size: the speed ratio with its
 * {@link RatioInterval} over per-fork means and the {@link Verdict} against a practical margin. This is what the
 * report's summary leads with and what {@code results.json} records under {@code comparisons}.
 */
public final class EngineComparisons {
    /** The primary speed metrics compared between engines (derived figures such as GFLOP/s follow them). */
    public static final Set<String> COMPARED_METRICS = Set.of(Names.METRIC_THROUGHPUT, Names.METRIC_LATENCY,
            Names.METRIC_COLD_START);

    private EngineComparisons() {
    }

    /** The comparisons among {@code measurements} at the default margin and level. */
    public static List<EngineComparison> of(List<Measurement> measurements) {
        return of(measurements, Verdict.DEFAULT_MARGIN, RatioInterval.LEVEL);
    }

    /**
     * The comparisons among {@code measurements}: for every speed figure measured on two or more engines, one
     * comparison per pair of engines, the faster (by the point estimate) first.
     */
    public static List<EngineComparison> of(List<Measurement> measurements, double margin, double level) {
        Map<FigureKey, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (!Names.SPEED_SCENARIOS.contains(m.scenario()) || !COMPARED_METRICS.contains(m.metric())
                    || !(m.value() > 0) || Double.isInfinite(m.value())) {
                continue;
            }
            List<Measurement> list = groups.computeIfAbsent(FigureKey.of(m), k -> new ArrayList<>());
            if (list.stream().noneMatch(x -> Objects.equals(x.engine(), m.engine()))) {
                list.add(m); // one figure per engine: the first recorded
            }
        }
        List<EngineComparison> out = new ArrayList<>();
        for (Map.Entry<FigureKey, List<Measurement>> e : groups.entrySet()) {
            List<Measurement> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparing(Measurement::engine));
            Direction direction = Direction.of(e.getKey().metric());
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    out.add(compare(e.getKey(), list.get(i), list.get(j), direction, margin, level));
                }
            }
        }
        return out;
    }

    /** One pair: the speed ratio of the faster over the slower with its interval and verdict. */
    static EngineComparison compare(FigureKey key, Measurement x, Measurement y, Direction direction, double margin,
                                    double level) {
        RatioInterval.Estimate speed = speedRatio(x, y, direction, level);
        Measurement a = x;
        Measurement b = y;
        if (speed.ratio() < 1) {
            speed = speed.inverse();
            a = y;
            b = x;
        }
        Verdict verdict = Verdict.of(speed.low(), speed.high(), margin);
        return new EngineComparison(key.task(), key.device(), key.scenario(), key.metric(), key.params(),
                a.engine(), b.engine(), speed.ratio(), speed.low(), speed.high(), level, margin, verdict.word(),
                speed.method(), speed.nA(), speed.nB(), statement(a.engine(), b.engine(), speed, verdict, margin));
    }

    /**
     * How many times faster a is than b, with its interval: a's figure over b's where higher is better, b's over
     * a's where lower is better. Replicates are the per-fork means; a figure without them counts as one replicate
     * (its value), which yields a ratio without an interval.
     */
    public static RatioInterval.Estimate speedRatio(Measurement a, Measurement b, Direction direction, double level) {
        double[] ra = Replicates.of(a);
        double[] rb = Replicates.of(b);
        if (ra.length == 0) {
            ra = new double[] {a.value()};
        }
        if (rb.length == 0) {
            rb = new double[] {b.value()};
        }
        RatioInterval.Estimate r = RatioInterval.of(ra, rb, level);
        return direction == Direction.LOWER_IS_BETTER ? r.inverse() : r;
    }

    /** The comparison as a person reads it. */
    public static String statement(String a, String b, RatioInterval.Estimate speed, Verdict verdict, double margin) {
        String ci = speed.known() ? String.format(Locale.ROOT, "%s CI %s-%sx", pct(speed.level()),
                RatioInterval.factor(speed.low()), RatioInterval.factor(speed.high())) : speed.method();
        String x = RatioInterval.factor(speed.ratio()) + "x";
        return switch (verdict) {
            case FASTER -> a + " is " + x + " faster than " + b + " (" + ci + ")";
            case SLOWER -> a + " is " + RatioInterval.factor(1 / speed.ratio()) + "x slower than " + b + " (" + ci + ")";
            case EQUIVALENT -> a + " and " + b + " are equivalent within " + pct(margin) + " (ratio " + x + ", " + ci
                    + ")";
            case INCONCLUSIVE -> a + " vs " + b + ": inconclusive, " + a + " " + x + " as fast (" + ci + ")";
        };
    }

    private static String pct(double f) {
        double p = f * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p))
                + "%";
    }
}
