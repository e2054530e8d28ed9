package dev.jmlbench.ci.stats;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), one-sided: do the values of one sample tend to be smaller than
 * those of another? It uses ranks only, so it needs no normality and one slow benchmark iteration (a GC pause,
 * a noisy neighbour) moves it no more than any other iteration would.
 *
 * <p>The p-value is exact (the permutation distribution of U, computed by recursion) when there are no ties
 * and the samples are small, which is the usual case for JMH iteration scores (3 to 50 per side); otherwise
 * it uses the normal approximation with the tie correction of the variance and a continuity correction.
 */
public final class MannWhitneyU {
    /** Largest m x n for which the exact distribution is computed. */
    static final int EXACT_LIMIT = 2500;

    private MannWhitneyU() {
    }

    /**
     * One-sided p-value for "the values of {@code x} tend to be smaller than those of {@code y}": the probability
     * under the null hypothesis (both samples from one distribution) of a U statistic as small as observed.
     *
     * @throws IllegalArgumentException when a sample is empty or holds a NaN
     */
    public static double pLess(double[] x, double[] y) {
        check(x, "first");
        check(y, "second");
        int m = x.length;
        int n = y.length;
        double u = uStatistic(x, y);
        if (!hasTies(x, y) && (long) m * n <= EXACT_LIMIT) {
            return exactLowerTail(m, n, (int) Math.round(u));
        }
        return normalLowerTail(x, y, u);
    }

    /** One-sided p-value for "the values of {@code x} tend to be larger than those of {@code y}". */
    public static double pGreater(double[] x, double[] y) {
        return pLess(y, x);
    }

    /** U of {@code x}: the number of pairs (x_i, y_j) with x_i &gt; y_j, ties counting one half. */
    public static double uStatistic(double[] x, double[] y) {
        double u = 0;
        for (double a : x) {
            for (double b : y) {
                u += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return u;
    }

    /** P(U &lt;= u) for samples of sizes m and n without ties, from the recursion on the largest value. */
    static double exactLowerTail(int m, int n, int u) {
        // p[i][j][k] = P(U = k) for sizes i, j. The largest of the i + j values is an x with probability
        // i / (i + j), and then it beats all j values of y: P_ij(k) = i/(i+j) P_(i-1)j(k - j) + j/(i+j) P_i(j-1)(k).
        double[][][] p = new double[m + 1][n + 1][];
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= n; j++) {
                double[] d = new double[i * j + 1];
                if (i == 0 || j == 0) {
                    d[0] = 1;
                } else {
                    double wx = (double) i / (i + j);
                    double wy = (double) j / (i + j);
                    double[] px = p[i - 1][j];
                    double[] py = p[i][j - 1];
                    for (int k = 0; k < d.length; k++) {
                        double a = k - j >= 0 && k - j < px.length ? px[k - j] : 0;
                        double b = k < py.length ? py[k] : 0;
                        d[k] = wx * a + wy * b;
                    }
                }
                p[i][j] = d;
            }
            if (i >= 2) {
                p[i - 2] = null; // only rows i - 1 and i are needed
            }
        }
        double tail = 0;
        double[] d = p[m][n];
        for (int k = 0; k <= Math.min(u, d.length - 1); k++) {
            tail += d[k];
        }
        return Math.min(1.0, tail);
    }

    /** P(U &lt;= u) by the normal approximation, tie-corrected, with a continuity correction. */
    static double normalLowerTail(double[] x, double[] y, double u) {
        int m = x.length;
        int n = y.length;
        int total = m + n;
        double[] all = new double[total];
        System.arraycopy(x, 0, all, 0, m);
        System.arraycopy(y, 0, all, m, n);
        Arrays.sort(all);
        double tieSum = 0;
        for (int i = 0; i < total; ) {
            int j = i;
            while (j < total && all[j] == all[i]) {
                j++;
            }
            double t = j - i;
            tieSum += t * t * t - t;
            i = j;
        }
        double mean = m * (double) n / 2;
        double variance = m * (double) n / 12 * ((total + 1) - tieSum / ((double) total * (total - 1)));
        if (variance <= 0) {
            return 1.0; // every value equal: no evidence either way
        }
        double z = (u + 0.5 - mean) / Math.sqrt(variance);
        return Math.min(1.0, normalCdf(z));
    }

    /** The standard normal distribution function. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function, fractional error below 1.2e-7 (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static boolean hasTies(double[] x, double[] y) {
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private static void check(double[] sample, String which) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("the " + which + " sample is empty");
        }
        for (double v : sample) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("the " + which + " sample holds a NaN");
            }
        }
    }
}
