package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pairwise significance tests between the engines' figures of one comparison (the same task, device, scenario,
 * metric and parameters), with Holm's correction across the pairs of that comparison.
 *
 * <p>Test: the two-sided Mann-Whitney U test on the raw per-iteration scores when both figures have at least two
 * ({@link MannWhitney}; exact for small samples); otherwise Welch's t from JMH's summaries (score, error, iterations)
 * when both have them; otherwise none. Significance level {@value #ALPHA}, on Holm-adjusted p-values.
 */
public final class PairwiseComparison {
    /** Significance level. */
    public static final double ALPHA = 0.05;

    private PairwiseComparison() {
    }

    /**
     * One tested pair.
     *
     * @param a         the better figure of the two (in the comparison's direction)
     * @param b         the other
     * @param test      the test and its raw p-value
     * @param adjustedP Holm-adjusted p-value across the comparison's pairs; NaN when untested
     */
    public record Pair(Measurement a, Measurement b, TestResult test, double adjustedP) {
        /** Whether the difference is significant at {@link #ALPHA} after correction. */
        public boolean significant() {
            return test.tested() && adjustedP < ALPHA;
        }

        /** a's value over b's. */
        public double ratio() {
            return a.value() / b.value();
        }
    }

    /**
     * The figures of one comparison, best first, with every pair tested.
     *
     * @param direction which way is better
     * @param ordered   the figures, best first (in the given order when the direction is neutral)
     * @param pairs     every pair, the better first, in the order (0,1), (0,2), ..., (1,2), ...
     */
    public record Ranking(Direction direction, List<Measurement> ordered, List<Pair> pairs) {
        /** The pair of the best and the runner-up; empty with fewer than two figures. */
        public Optional<Pair> top() {
            return pairs.isEmpty() ? Optional.empty() : Optional.of(pairs.get(0));
        }

        /** The pair of the figures at positions i and j of {@link #ordered()} (i &lt; j). */
        public Pair pair(int i, int j) {
            int n = ordered.size();
            int index = i * n - i * (i + 1) / 2 + (j - i - 1);
            return pairs.get(index);
        }

        /** Whether the best figure is significantly better than the runner-up (a win may be claimed). */
        public boolean winnerSignificant() {
            return direction != Direction.NEUTRAL && top().map(Pair::significant).orElse(false);
        }
    }

    /** Tests a pair of figures: Mann-Whitney on raw scores, else Welch from JMH's summaries, else none. */
    public static TestResult test(Measurement a, Measurement b) {
        List<Double> ra = ConfidenceIntervals.samples(a);
        List<Double> rb = ConfidenceIntervals.samples(b);
        if (ra.size() >= 2 && rb.size() >= 2) {
            return MannWhitney.test(ra, rb);
        }
        double sa = ConfidenceIntervals.standardError(a);
        double sb = ConfidenceIntervals.standardError(b);
        long na = a.samples() == null ? 0 : a.samples();
        long nb = b.samples() == null ? 0 : b.samples();
        if (Double.isFinite(sa) && Double.isFinite(sb) && na >= 2 && nb >= 2) {
            return WelchT.fromSummary(a.value(), sa, (int) na, b.value(), sb, (int) nb,
                    "Welch's t (from JMH's score and error)");
        }
        return TestResult.none("no spread recorded for both");
    }

    /** Ranks the figures of one comparison in {@code direction} and tests every pair, Holm-corrected. */
    public static Ranking rank(List<Measurement> group, Direction direction) {
        List<Measurement> ordered = new ArrayList<>(group);
        if (direction == Direction.HIGHER_IS_BETTER) {
            ordered.sort(Comparator.comparingDouble(Measurement::value).reversed());
        } else if (direction == Direction.LOWER_IS_BETTER) {
            ordered.sort(Comparator.comparingDouble(Measurement::value));
        }
        List<TestResult> tests = new ArrayList<>();
        List<Measurement[]> members = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = i + 1; j < ordered.size(); j++) {
                tests.add(test(ordered.get(i), ordered.get(j)));
                members.add(new Measurement[] {ordered.get(i), ordered.get(j)});
            }
        }
        double[] adjusted = Holm.adjust(tests.stream().mapToDouble(TestResult::p).toArray());
        List<Pair> pairs = new ArrayList<>();
        for (int k = 0; k < tests.size(); k++) {
            pairs.add(new Pair(members.get(k)[0], members.get(k)[1], tests.get(k), adjusted[k]));
        }
        return new Ranking(direction, List.copyOf(ordered), List.copyOf(pairs));
    }
}
