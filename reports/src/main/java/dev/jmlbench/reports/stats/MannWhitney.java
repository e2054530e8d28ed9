package dev.jmlbench.reports.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The two-sided Mann-Whitney U (Wilcoxon rank-sum) test. Ties get mid-ranks. The p-value is exact (the
 * permutation distribution of the rank sum, ties included) when the two samples hold at most
 * {@value #EXACT_LIMIT} values together, else the normal approximation with tie and continuity correction.
 */
public final class MannWhitney {
    /** Largest n1 + n2 for which the exact distribution is computed. */
    public static final int EXACT_LIMIT = 100;

    private MannWhitney() {
    }

    /** Tests whether {@code a} and {@code b} come from the same distribution; each needs at least one value. */
    public static TestResult test(List<Double> a, List<Double> b) {
        int n1 = a.size();
        int n2 = b.size();
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("Mann-Whitney needs values in both samples, got " + n1 + " and " + n2);
        }
        int n = n1 + n2;
        double[] all = new double[n];
        for (int i = 0; i < n1; i++) {
            all[i] = a.get(i);
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = b.get(i);
        }
        // doubled mid-ranks, integers even with ties
        int[] rank2 = doubledRanks(all);
        long w2 = 0;
        for (int i = 0; i < n1; i++) {
            w2 += rank2[i];
        }
        double u = w2 / 2.0 - n1 * (n1 + 1) / 2.0;
        double p;
        String method;
        if (n <= EXACT_LIMIT) {
            p = exactP(rank2, n1, w2);
            method = "Mann-Whitney U (exact)";
        } else {
            p = normalP(all, rank2, n1, n2, u);
            method = "Mann-Whitney U (normal approximation)";
        }
        return new TestResult(method, u, Math.min(1, p), n1, n2);
    }

    /** Doubled mid-ranks (1-based ranks times two) of {@code values}. */
    static int[] doubledRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        int[] rank2 = new int[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            // ranks i+1 .. j+1 share their mean; doubled: (i + 1) + (j + 1)
            for (int k = i; k <= j; k++) {
                rank2[order[k]] = i + j + 2;
            }
            i = j + 1;
        }
        return rank2;
    }

    /** P(|W - E W| >= |w - E W|) over all ways to pick n1 of the ranks, by dynamic programming over rank sums. */
    private static double exactP(int[] rank2, int n1, long w2) {
        int total = 0;
        for (int r : rank2) {
            total += r;
        }
        // ways[k][s]: subsets of size k of the ranks seen so far with doubled sum s (counts as doubles: C(100, 50) ~ 1e29)
        double[][] ways = new double[n1 + 1][total + 1];
        ways[0][0] = 1;
        int seen = 0;
        for (int r : rank2) {
            seen += r;
            for (int k = n1; k >= 1; k--) {
                double[] to = ways[k];
                double[] from = ways[k - 1];
                for (int s = seen; s >= r; s--) {
                    to[s] += from[s - r];
                }
            }
        }
        double mean2 = (double) n1 * total / rank2.length;
        double observed = Math.abs(w2 - mean2);
        double extreme = 0;
        double all = 0;
        for (int s = 0; s <= total; s++) {
            double c = ways[n1][s];
            all += c;
            if (Math.abs(s - mean2) >= observed - 1e-9) {
                extreme += c;
            }
        }
        return extreme / all;
    }

    private static double normalP(double[] all, int[] rank2, int n1, int n2, double u) {
        int n = n1 + n2;
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double ties = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            ties += t * t * t - t;
            i = j + 1;
        }
        double mu = n1 * (double) n2 / 2;
        double sigma = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - ties / ((double) n * (n - 1))));
        if (sigma == 0) {
            return 1;
        }
        double z = Math.max(0, Math.abs(u - mu) - 0.5) / sigma;
        return 2 * Distributions.normalUpperTail(z);
    }
}
