package dev.jmlbench.ci.regression;

import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.Verdict;
import dev.jmlbench.core.results.Names;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules the comparison applies, per metric, with the significance level and the parity tolerance.
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li><b>throughput</b>: a drop of more than 15% (gating). Within one run the JMH iterations of the native
 *       engines on this 2-core machine spread by up to 16% (DL4J, MNIST); shared CI machines move 10-20% from
 *       run to run. A 30% slower engine loses 23% of its throughput, so 15% sits between the noise and the
 *       smallest slowdown worth a red build; the significance test and the confirmation re-run absorb the rest.</li>
 *   <li><b>latency</b>: a rise of more than 15% of the mean (gating), for the same reasons; a 30% slowdown is a
 *       30% rise.</li>
 *   <li><b>accuracy</b>: a drop of more than 0.02 (two percentage points; warning only). Training is seeded, so
 *       the same code reaches the same accuracy; a drop means the numerics changed. It fails hard only below
 *       the task's quality target, which is the contract, checked independently of any baseline.</li>
 *   <li><b>train-time</b>: a rise of more than 25% (warning only): one wall-clock sample per run cannot be tested
 *       for significance. The same for <b>first-epoch-time</b> and <b>epoch-time</b>, taken from that same single
 *       run.</li>
 *   <li><b>step-time</b> (long-sequence experiment): as train-time, a rise of more than 25% (warning only): its
 *       per-epoch values come from one training run, not from independent repetitions.</li>
 *   <li><b>log-loss</b>: a rise of more than 10% (warning only), deterministic like accuracy.</li>
 *   <li><b>parity</b>: a largest probability difference from the reference engine above 0.001 fails hard.
 *       Measured here after training: 1e-7 to 3e-6; the conformance kit allows 2e-3 on trained parameters.</li>
 *   <li>Metrics not named here are judged by unit: {@code .../s} is throughput-like, a time unit is
 *       latency-like, bytes allocated ({@code B/...}) too
 *       (all 15%, gating when testable); anything else is shown, never judged.</li>
 *   <li><b>evidence</b>: the ratio current/baseline with its {@code 1 - alpha} (95%) interval over replicates (per-fork
 *       means; several runs' values for a history baseline), from the statistics core the report uses. A change
 *       beyond the threshold counts only when the whole interval lies beyond the practical margin (default 5%) in
 *       the same direction: the verdict the report would give, "slower" (or "faster").</li>
 * </ul>
 */
public final class Thresholds {
    /** Default significance level of the one-sided test. */
    public static final double DEFAULT_ALPHA = 0.05;
    /** Default largest allowed parity difference (probability). */
    public static final double DEFAULT_PARITY_TOLERANCE = 1e-3;

    private static final List<String> TIME_UNITS = List.of(Names.UNIT_NANOS, Names.UNIT_MICROS,
            Names.UNIT_MILLIS, Names.UNIT_SECONDS, Names.UNIT_MINUTES);

    private final Map<String, MetricRule> byMetric;
    private final double alpha;
    private final double parityTolerance;
    private final double margin;

    private Thresholds(Map<String, MetricRule> byMetric, double alpha, double parityTolerance, double margin) {
        this.byMetric = Map.copyOf(byMetric);
        this.alpha = alpha;
        this.parityTolerance = parityTolerance;
        this.margin = margin;
    }

    private Thresholds(Map<String, MetricRule> byMetric, double alpha, double parityTolerance) {
        this(byMetric, alpha, parityTolerance, Verdict.DEFAULT_MARGIN);
    }

    /** These thresholds with another practical margin of the interval verdict. */
    public Thresholds withMargin(double newMargin) {
        if (!(newMargin >= 0 && newMargin < 10)) {
            throw new IllegalArgumentException("--margin must be a fraction >= 0 (0.05 = 5%), got " + newMargin);
        }
        return new Thresholds(byMetric, alpha, parityTolerance, newMargin);
    }

    /** Practical margin of the interval verdict. */
    public double margin() {
        return margin;
    }

    /** Confidence level of the ratio intervals: {@code 1 - alpha}. */
    public double level() {
        return 1 - alpha;
    }

    /** The defaults stated in the class comment. */
    public static Thresholds defaults() {
        Map<String, MetricRule> m = new LinkedHashMap<>();
        m.put(Names.METRIC_THROUGHPUT, new MetricRule(Direction.HIGHER_IS_BETTER, 0.15, true, true));
        m.put(Names.METRIC_LATENCY, new MetricRule(Direction.LOWER_IS_BETTER, 0.15, true, true));
        m.put(Names.METRIC_ACCURACY, new MetricRule(Direction.HIGHER_IS_BETTER, 0.02, false, false));
        m.put(Names.METRIC_TRAIN_TIME, new MetricRule(Direction.LOWER_IS_BETTER, 0.25, true, false));
        m.put(Names.METRIC_FIRST_EPOCH_TIME, new MetricRule(Direction.LOWER_IS_BETTER, 0.25, true, false));
        m.put(Names.METRIC_EPOCH_TIME, new MetricRule(Direction.LOWER_IS_BETTER, 0.25, true, false));
        m.put(Names.METRIC_STEP_TIME, new MetricRule(Direction.LOWER_IS_BETTER, 0.25, true, false));
        m.put(Names.METRIC_LOG_LOSS, new MetricRule(Direction.LOWER_IS_BETTER, 0.10, true, false));
        m.put(Names.METRIC_PARITY, new MetricRule(Direction.LOWER_IS_BETTER, DEFAULT_PARITY_TOLERANCE, false, false));
        return new Thresholds(m, DEFAULT_ALPHA, DEFAULT_PARITY_TOLERANCE);
    }

    /** These thresholds with {@code metric}'s threshold replaced (same direction and kind). */
    public Thresholds withThreshold(String metric, double threshold) {
        Map<String, MetricRule> m = new LinkedHashMap<>(byMetric);
        MetricRule old = m.get(metric);
        if (old == null) {
            throw new IllegalArgumentException("no threshold for unknown metric '" + metric + "'; known metrics: "
                    + String.join(", ", new java.util.TreeSet<>(byMetric.keySet())));
        }
        m.put(metric, new MetricRule(old.direction(), threshold, old.relative(), old.gating()));
        double tolerance = metric.equals(Names.METRIC_PARITY) ? threshold : parityTolerance;
        return new Thresholds(m, alpha, tolerance, margin);
    }

    /**
     * These thresholds with overrides given as {@code metric=value} (as on the command line, e.g.
     * {@code throughput=0.10}).
     *
     * @throws IllegalArgumentException naming the malformed override
     */
    public Thresholds withOverrides(List<String> overrides) {
        Thresholds t = this;
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--threshold expects metric=value, got '" + o + "'");
            }
            double v;
            try {
                v = Double.parseDouble(o.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--threshold " + o + ": '" + o.substring(eq + 1)
                        + "' is not a number");
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--threshold " + o + ": the threshold must be >= 0");
            }
            t = t.withThreshold(o.substring(0, eq).strip(), v);
        }
        return t;
    }

    /** These thresholds with another significance level. */
    public Thresholds withAlpha(double newAlpha) {
        if (!(newAlpha > 0 && newAlpha < 1)) {
            throw new IllegalArgumentException("--alpha must lie strictly between 0 and 1, got " + newAlpha);
        }
        return new Thresholds(byMetric, newAlpha, parityTolerance, margin);
    }

    /** The rule for a metric with this name and unit. */
    public MetricRule ruleFor(String metric, String unit) {
        MetricRule rule = byMetric.get(metric);
        if (rule != null) {
            return rule;
        }
        String u = unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT);
        if (u.endsWith("/s")) {
            return new MetricRule(Direction.HIGHER_IS_BETTER, 0.15, true, true);
        }
        if (TIME_UNITS.contains(u) || u.endsWith("/op") || u.startsWith("b/")) {
            return new MetricRule(Direction.LOWER_IS_BETTER, 0.15, true, true);
        }
        return new MetricRule(Direction.NEUTRAL, 0, true, false);
    }

    /** Significance level: the ratio intervals are {@code 1 - alpha} two-sided intervals. */
    public double alpha() {
        return alpha;
    }

    /** Largest allowed parity difference. */
    public double parityTolerance() {
        return parityTolerance;
    }

    /** Every named rule, for the verdict file. */
    public Map<String, MetricRule> rules() {
        return byMetric;
    }
}
