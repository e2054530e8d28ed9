package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Confidence intervals for a measured figure.
 *
 * <p>From the per-fork means when the figure was measured in two or more JVM forks: Student's t interval of their
 * mean (the fork is the replication unit). Otherwise, from the raw per-iteration scores when there are at least two: Student's t interval of the mean, or, when
 * there are {@value #BOOTSTRAP_MIN_SAMPLES} or more samples and they are skewed (|sample skewness| &gt;
 * {@value #SKEW_LIMIT}), the percentile bootstrap of the mean with the fixed seed {@value #SEED} so that the report
 * is reproducible. With fewer samples the bootstrap is not used: five iterations have too few distinct
 * resamples for its percentiles to mean anything, and the t interval is the better-understood choice. Without raw
 * scores, JMH's own error (the half-width of a 99.9% t interval) is used, rescaled to the requested level when
 * the number of iterations is known.
 */
public final class ConfidenceIntervals {
    /** Level of the intervals the report shows. */
    public static final double LEVEL = 0.95;
    /** Level of JMH's {@code scoreError}. */
    public static final double JMH_LEVEL = 0.999;
    /** Seed of every bootstrap, so that a report is reproducible. */
    public static final long SEED = 0x6a6d6c62L;
    /** Bootstrap resamples. */
    public static final int RESAMPLES = 10_000;
    /** Fewest samples for which the bootstrap is used instead of the t interval. */
    public static final int BOOTSTRAP_MIN_SAMPLES = 10;
    /** Skewness beyond which the bootstrap is used. */
    public static final double SKEW_LIMIT = 1.0;

    private ConfidenceIntervals() {
    }

    /** The interval of a measurement at {@link #LEVEL}. */
    public static Interval of(Measurement m) {
        return of(m, LEVEL);
    }

    /** The interval of a measurement at {@code level}: from its raw scores, else from JMH's error, else a point. */
    public static Interval of(Measurement m, double level) {
        double[] forks = Replicates.of(m);
        if (forks.length >= 2) {
            List<Double> means = new ArrayList<>();
            for (double f : forks) {
                means.add(f);
            }
            Interval i = tInterval(means, level);
            return new Interval(m.value(), i.low() + m.value() - i.estimate(), i.high() + m.value() - i.estimate(),
                    level, Interval.Method.FORKS, forks.length);
        }
        List<Double> raw = samples(m);
        if (raw.size() >= 2) {
            boolean skewed = raw.size() >= BOOTSTRAP_MIN_SAMPLES && Math.abs(skewness(raw)) > SKEW_LIMIT;
            Interval i = skewed ? bootstrapMean(raw, level, SEED, RESAMPLES) : tInterval(raw, level);
            // centre on the recorded figure (JMH's score is the mean of the raw scores; for latency it is the mean
            // over every sample, which the iteration means approximate)
            double shift = m.value() - i.estimate();
            return new Interval(m.value(), i.low() + shift, i.high() + shift, level, i.method(), i.n());
        }
        Double error = m.error();
        if (error != null && Double.isFinite(error) && error >= 0) {
            long n = m.samples() == null ? 0 : m.samples();
            if (n >= 2) {
                double se = error / tQuantile(1 - (1 - JMH_LEVEL) / 2, n - 1);
                double hw = se * tQuantile(1 - (1 - level) / 2, n - 1);
                return new Interval(m.value(), m.value() - hw, m.value() + hw, level, Interval.Method.JMH_ERROR,
                        (int) n);
            }
            return new Interval(m.value(), m.value() - error, m.value() + error, JMH_LEVEL, Interval.Method.JMH_ERROR,
                    (int) n);
        }
        return Interval.point(m.value());
    }

    /** The standard error of a measurement's mean, from its raw scores or JMH's error; NaN when unknown. */
    public static double standardError(Measurement m) {
        List<Double> raw = samples(m);
        if (raw.size() >= 2) {
            return Math.sqrt(variance(raw) / raw.size());
        }
        Double error = m.error();
        long n = m.samples() == null ? 0 : m.samples();
        if (error != null && Double.isFinite(error) && error >= 0 && n >= 2) {
            return error / tQuantile(1 - (1 - JMH_LEVEL) / 2, n - 1);
        }
        return Double.NaN;
    }

    /** The {@code p}-quantile of Student's t with {@code df} degrees of freedom (Apache Commons Math). */
    static double tQuantile(double p, double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }

    /** Student's t interval of the mean of {@code xs} (at least two values). */
    public static Interval tInterval(List<Double> xs, double level) {
        int n = xs.size();
        if (n < 2) {
            throw new IllegalArgumentException("a t interval needs at least two samples, got " + n);
        }
        double mean = mean(xs);
        double hw = tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance(xs) / n);
        return new Interval(mean, mean - hw, mean + hw, level, Interval.Method.T_INTERVAL, n);
    }

    /** The percentile bootstrap interval of the mean of {@code xs}, resampled with {@code seed}. */
    public static Interval bootstrapMean(List<Double> xs, double level, long seed, int resamples) {
        int n = xs.size();
        if (n < 2) {
            throw new IllegalArgumentException("a bootstrap needs at least two samples, got " + n);
        }
        double[] data = xs.stream().mapToDouble(Double::doubleValue).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += data[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double alpha = 1 - level;
        return new Interval(mean(xs), quantile(means, alpha / 2), quantile(means, 1 - alpha / 2), level,
                Interval.Method.BOOTSTRAP, n);
    }

    /** The {@code q}-quantile of sorted values, interpolating linearly between order statistics. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The finite raw scores of a measurement as repeated samples of its figure; empty when it has none, and for
     * figures whose raw scores are a series rather than repetitions (a training curve's per-epoch values, a gradient
     * norm per time step), which no interval or test may treat as samples.
     */
    public static List<Double> samples(Measurement m) {
        List<Double> out = new ArrayList<>();
        if (isSeries(m)) {
            return out;
        }
        if (m.rawScores() != null) {
            for (Double d : m.rawScores()) {
                if (d != null && Double.isFinite(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** Whether the raw scores of {@code m} are a series (per epoch, per time step) rather than repetitions. */
    public static boolean isSeries(Measurement m) {
        return Names.SCENARIO_TRAINING_CURVE.equals(m.scenario()) || Names.METRIC_GRADIENT_NORM.equals(m.metric());
    }

    /** Arithmetic mean. */
    public static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    /** Unbiased sample variance (n - 1 in the denominator). */
    public static double variance(List<Double> xs) {
        double mean = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return s / (xs.size() - 1);
    }

    /** Sample skewness g1 = m3 / m2^1.5 (population moments); 0 for constant data. */
    public static double skewness(List<Double> xs) {
        double mean = mean(xs);
        double m2 = 0;
        double m3 = 0;
        for (double x : xs) {
            double d = x - mean;
            m2 += d * d;
            m3 += d * d * d;
        }
        m2 /= xs.size();
        m3 /= xs.size();
        return m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5);
    }
}
