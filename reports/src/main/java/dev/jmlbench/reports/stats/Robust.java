package dev.jmlbench.reports.stats;

import java.util.Arrays;
import java.util.List;

/** Location and spread estimates that one wild benchmark iteration cannot drag far. */
public final class Robust {
    /** Scales a median absolute deviation to a standard deviation for normally distributed data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {
    }

    /** The median of {@code values}; NaN when empty. */
    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of {@code values} (not modified); NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** The median absolute deviation from the median, unscaled; NaN when empty. */
    public static double mad(double[] values) {
        double m = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - m);
        }
        return median(dev);
    }

    /** Arithmetic mean; NaN when empty. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /** Sample standard deviation (n - 1 in the denominator); NaN with fewer than two values. */
    public static double stdev(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }
}
