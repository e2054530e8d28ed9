package dev.jmlbench.suites.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Warm-up against steady state, from a training curve's cumulative elapsed seconds at the end of every epoch
 * (index 0 = epoch 1; the harness's per-epoch evaluation already left out, see {@link CellTrainer}).
 *
 * @param firstEpoch  seconds from the start of training to the end of the first epoch; null when the first value
 *                    is missing, not finite or negative
 * @param steadyEpoch median duration of epochs 2..n (differences of consecutive values, pairs with a missing,
 *                    non-finite or decreasing value left out); null with fewer than two usable epochs
 */
record EpochTimes(Double firstEpoch, Double steadyEpoch) {
    /** The times of {@code elapsed}; both null for an empty or null series. */
    static EpochTimes of(List<Double> elapsed) {
        if (elapsed == null || elapsed.isEmpty()) {
            return new EpochTimes(null, null);
        }
        Double first = usable(elapsed.get(0)) ? elapsed.get(0) : null;
        List<Double> durations = new ArrayList<>();
        for (int i = 1; i < elapsed.size(); i++) {
            Double before = elapsed.get(i - 1);
            Double after = elapsed.get(i);
            if (usable(before) && usable(after) && after >= before) {
                durations.add(after - before);
            }
        }
        return new EpochTimes(first, durations.isEmpty() ? null : median(durations));
    }

    private static boolean usable(Double v) {
        return v != null && Double.isFinite(v) && v >= 0;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); not empty. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
