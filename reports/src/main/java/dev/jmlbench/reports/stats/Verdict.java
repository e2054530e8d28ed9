package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.EngineComparison;

/**
 * What an interval of a speed ratio supports against a practical margin, the way benchstat and asv report: a
 * difference is claimed only when the whole interval lies beyond the margin, and "no difference" only when the
 * whole interval lies inside it. Everything else is honestly inconclusive.
 */
public enum Verdict {
    /** The whole interval lies above {@code 1 + margin}. */
    FASTER(EngineComparison.FASTER),
    /** The whole interval lies below {@code 1 / (1 + margin)}. */
    SLOWER(EngineComparison.SLOWER),
    /** The whole interval lies inside {@code [1 / (1 + margin), 1 + margin]}. */
    EQUIVALENT(EngineComparison.EQUIVALENT),
    /** The interval straddles a margin bound, or no interval could be made. */
    INCONCLUSIVE(EngineComparison.INCONCLUSIVE);

    /** Default practical margin: differences below 5% are not worth a claim. */
    public static final double DEFAULT_MARGIN = 0.05;

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    /** The word written to results files and reports. */
    public String word() {
        return word;
    }

    /** The verdict named {@code word} as written to a results file. */
    public static Verdict ofWord(String word) {
        for (Verdict v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + word + "'; known: faster, slower, equivalent,"
                + " inconclusive");
    }

    /**
     * The verdict of a speed ratio's interval {@code [low, high]} (above 1 = faster) against {@code margin}.
     *
     * @throws IllegalArgumentException when the margin is negative or not finite
     */
    public static Verdict of(double low, double high, double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the margin must be a finite number >= 0, got " + margin);
        }
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            return INCONCLUSIVE;
        }
        double up = 1 + margin;
        double down = 1 / up;
        if (low > up) {
            return FASTER;
        }
        if (high < down) {
            return SLOWER;
        }
        if (low >= down && high <= up) {
            return EQUIVALENT;
        }
        return INCONCLUSIVE;
    }
}
