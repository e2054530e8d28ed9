package dev.jmlbench.reports.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Holm's step-down correction of p-values for multiple comparisons (controls the family-wise error rate). */
public final class Holm {
    private Holm() {
    }

    /**
     * Holm-adjusted p-values, in the order given: the i-th smallest of m p-values is multiplied by (m - i + 1),
     * made non-decreasing and capped at 1. NaN entries (untested pairs) stay NaN and do not count in m.
     */
    public static double[] adjust(double[] p) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            if (!Double.isNaN(p[i])) {
                m++;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(p[i]) ? Double.POSITIVE_INFINITY
                : p[i]));
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
