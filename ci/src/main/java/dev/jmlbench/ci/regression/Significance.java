package dev.jmlbench.ci.regression;

import dev.jmlbench.ci.regression.MetricRule.Direction;
import dev.jmlbench.ci.stats.MannWhitneyU;
import dev.jmlbench.ci.stats.Robust;

/**
 * Whether a change between two figures could be noise: a one-sided test in the metric's bad (or good)
 * direction, chosen by what the figures carry.
 *
 * <ol>
 *   <li>Both sides have at least two raw samples: the Mann-Whitney U test on them (exact for small samples).</li>
 *   <li>Otherwise, when both sides have a spread: a z-test on the values, the spread of a single run being its
 *       JMH 99.9% confidence half-width / 3.29, at least {@link #RUN_NOISE_FLOOR} of the value, and that of several runs the standard deviation of their values
 *       (a prediction of where one more run falls). This is weaker: JMH's interval for SampleTime counts every
 *       sample as independent; it must reach {@code alpha / }{@link #WEAK_TEST_FACTOR}.</li>
 *   <li>Otherwise no test is possible ({@link #untestable()}), and the change can only be a warning.</li>
 * </ol>
 *
 * @param test   the test used, for people
 * @param pWorse one-sided p-value for "current is worse than baseline"; null when untestable
 * @param pBetter one-sided p-value for "current is better than baseline"; null when untestable
 * @param weak    whether the test is the weaker z-test, held to {@code alpha / }{@link #WEAK_TEST_FACTOR}
 */
public record Significance(String test, Double pWorse, Double pBetter, boolean weak) {
    /**
     * The z-test on reported spreads is weaker evidence than the rank test on raw samples (the spreads are
     * estimates, and latency means have heavy tails), so it must reach {@code alpha / 5}: at the default 0.05 that
     * is a one-sided 1% level, about 2.3 standard errors.
     */
    public static final double WEAK_TEST_FACTOR = 5;

    /** Standard normal quantile of 0.9995: JMH's 99.9% half-width is this many standard errors. */
    static final double Z_999 = 3.2905;
    /**
     * Smallest standard error granted to a single run's value in the z-test: JMH's interval is computed within
     * one fork and misses the fork-to-fork part of the noise (JIT decisions, memory layout), which is rarely
     * below a few percent. Without this floor a latency mean with a tight interval would make every 15% wobble
     * "significant".
     */
    public static final double RUN_NOISE_FLOOR = 0.05;

    /** No test possible. */
    public static Significance untestable() {
        return new Significance("none (a single sample per side)", null, null, false);
    }

    /** Tests {@code current} against {@code baseline} for a metric judged in {@code direction}. */
    public static Significance of(Figure baseline, Figure current, Direction direction) {
        if (direction == Direction.UNKNOWN) {
            return new Significance("none (metric has no direction)", null, null, false);
        }
        boolean lowerIsWorse = direction == Direction.HIGHER_IS_BETTER;
        if (baseline.samples().size() >= 2 && current.samples().size() >= 2) {
            double[] b = baseline.sampleArray();
            double[] c = current.sampleArray();
            double pLess = MannWhitneyU.pLess(c, b);
            double pGreater = MannWhitneyU.pGreater(c, b);
            return new Significance("Mann-Whitney U (" + c.length + " vs " + b.length + " samples)",
                    lowerIsWorse ? pLess : pGreater, lowerIsWorse ? pGreater : pLess, false);
        }
        double seB = spread(baseline);
        double seC = spread(current);
        if (Double.isNaN(seB) || Double.isNaN(seC) || seB + seC <= 0) {
            return untestable();
        }
        double z = (current.value() - baseline.value()) / Math.sqrt(seB * seB + seC * seC);
        double pLess = MannWhitneyU.normalCdf(z);
        double pGreater = MannWhitneyU.normalCdf(-z);
        return new Significance("z-test on the reported spread", lowerIsWorse ? pLess : pGreater,
                lowerIsWorse ? pGreater : pLess, true);
    }

    private static double spread(Figure f) {
        if (f.runValues().size() >= 2) {
            return Robust.stdev(f.runValues().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (f.error() != null && Double.isFinite(f.error()) && f.error() >= 0) {
            return Math.max(f.error() / Z_999, RUN_NOISE_FLOOR * Math.abs(f.value()));
        }
        return Double.NaN;
    }

    /** Whether the change is significantly worse at level {@code alpha}. */
    public boolean worse(double alpha) {
        return pWorse != null && pWorse <= (weak ? alpha / WEAK_TEST_FACTOR : alpha);
    }

    /** Whether the change is significantly better at level {@code alpha}. */
    public boolean better(double alpha) {
        return pBetter != null && pBetter <= (weak ? alpha / WEAK_TEST_FACTOR : alpha);
    }
}
