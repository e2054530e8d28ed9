package dev.jmlbench.reports.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds where a series stepped, in the manner of airspeed velocity (asv): the series is fitted by a piecewise
 * constant function that minimises the sum of absolute deviations from each piece's median plus a penalty per
 * step (optimal partitioning by dynamic programming, exact). Absolute deviations and medians keep one wild
 * point from being fitted as a piece of its own, and a minimum piece length (two points by default) keeps a
 * single noisy night from showing as a step up and a step down.
 *
 * <p>The default penalty is {@code 3 * sigma * ln(n)}, with sigma the noise level estimated robustly from the
 * median absolute successive difference, so that the detector adapts to how noisy each series is.
 */
public final class StepDetector {
    /** Longest series fitted; older points are left out (the fit is cubic in the length). */
    public static final int MAX_POINTS = 400;
    /** Factor of {@code sigma * ln(n)} in the default penalty. */
    public static final double PENALTY_FACTOR = 3.0;

    /**
     * One step of the fitted function.
     *
     * @param index  index of the first point after the step
     * @param before median of the piece before the step
     * @param after  median of the piece after it
     */
    public record Step(int index, double before, double after) {
        /** The relative change {@code after / before - 1}; NaN when {@code before} is zero. */
        public double relativeChange() {
            return before == 0 ? Double.NaN : after / before - 1;
        }
    }

    private StepDetector() {
    }

    /** Steps of {@code y} with the default penalty and pieces of at least two points. */
    public static List<Step> detect(double[] y) {
        return detect(y, defaultPenalty(y), 2);
    }

    /**
     * Steps of {@code y}.
     *
     * @param penalty    cost of one step, in the units of {@code y}; larger finds fewer steps
     * @param minSegment fewest points in a piece
     * @throws IllegalArgumentException when {@code y} is longer than {@link #MAX_POINTS} or holds a NaN
     */
    public static List<Step> detect(double[] y, double penalty, int minSegment) {
        int n = y.length;
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("series of " + n + " points; at most " + MAX_POINTS + " are fitted");
        }
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("series holds a non-finite value: " + Arrays.toString(y));
            }
        }
        if (minSegment < 1) {
            throw new IllegalArgumentException("minimum piece length must be at least 1, got " + minSegment);
        }
        if (n < 2 * minSegment) {
            return List.of();
        }
        double[] best = new double[n + 1];
        int[] start = new int[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = -penalty;
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            if (best[i] == Double.POSITIVE_INFINITY) {
                continue;
            }
            int len = 0;
            for (int j = i; j < n; j++) {
                len = insert(sorted, len, y[j]);
                if (len < minSegment) {
                    continue;
                }
                double cost = best[i] + penalty + absoluteDeviation(sorted, len);
                if (cost < best[j + 1]) {
                    best[j + 1] = cost;
                    start[j + 1] = i;
                }
            }
        }
        List<Integer> bounds = new ArrayList<>();
        for (int end = n; end > 0; end = start[end]) {
            bounds.add(0, start[end]);
        }
        bounds.add(n);
        List<Step> steps = new ArrayList<>();
        for (int k = 1; k + 1 < bounds.size(); k++) {
            double before = Robust.median(Arrays.copyOfRange(y, bounds.get(k - 1), bounds.get(k)));
            double after = Robust.median(Arrays.copyOfRange(y, bounds.get(k), bounds.get(k + 1)));
            steps.add(new Step(bounds.get(k), before, after));
        }
        return steps;
    }

    /**
     * {@code 3 * sigma * ln(n)}, sigma estimated as {@code 1.4826 * MAD(successive differences) / sqrt(2)}; a
     * step changes one difference only, so the estimate is not inflated by the steps it should find. When the
     * series is flat the noise is taken as 0.1% of its median magnitude.
     */
    public static double defaultPenalty(double[] y) {
        if (y.length < 3) {
            return Double.POSITIVE_INFINITY;
        }
        double[] diffs = new double[y.length - 1];
        for (int i = 1; i < y.length; i++) {
            diffs[i - 1] = y[i] - y[i - 1];
        }
        double sigma = Robust.MAD_TO_SIGMA * Robust.mad(diffs) / Math.sqrt(2);
        double[] magnitude = Arrays.stream(y).map(Math::abs).toArray();
        sigma = Math.max(sigma, 1e-3 * Robust.median(magnitude));
        if (sigma == 0) {
            sigma = 1e-12;
        }
        return PENALTY_FACTOR * sigma * Math.log(y.length);
    }

    private static int insert(double[] sorted, int len, double v) {
        int pos = Arrays.binarySearch(sorted, 0, len, v);
        if (pos < 0) {
            pos = -pos - 1;
        }
        System.arraycopy(sorted, pos, sorted, pos + 1, len - pos);
        sorted[pos] = v;
        return len + 1;
    }

    private static double absoluteDeviation(double[] sorted, int len) {
        double median = len % 2 == 1 ? sorted[len / 2] : (sorted[len / 2 - 1] + sorted[len / 2]) / 2;
        double sum = 0;
        for (int k = 0; k < len; k++) {
            sum += Math.abs(sorted[k] - median);
        }
        return sum;
    }
}
