package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.suites.harness.Preset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many calls a training figure of one cell times in each fork, and how long JMH waits for one. A classic
 * learner's training call is one whole fit (the task's training split), which for an MNIST-size forest takes
 * minutes: the preset's warm-up and measurement iterations of a second each still run one call apiece, so the full
 * preset's 5 forks of 4 + 6 calls would take about 8 hours for Tribuo's forest (a fit of 1,228-2,002 s in the
 * quality stage), and a call longer than JMH's iteration timeout would be interrupted. A fit as long as
 * {@value #LONG_FIT_SECONDS} s or more has compiled its hot code long before it ends, so such a cell is timed with
 * one warm-up call and {@value #LONG_FIT_MEASURED_CALLS} measured calls per fork (the forks, the replication unit,
 * stay the preset's), and a timeout of twice its longest fit. A fit of {@value #VERY_LONG_FIT_SECONDS} s or more
 * gets no warm-up call and one measured call per fork: the seconds the JIT needs are under 1% of it, and Tribuo's
 * MNIST forest, 1,332 s a fit alone on one thread (quick preset, one seed), would otherwise take 15 calls, 5.5 hours,
 * more than one sitting of a 3-hour machine (5 calls: 1.9 hours). A network's call trains a few mini-batches
 * whatever its whole training takes, so networks keep the preset's iterations.
 *
 * @param warmupIterations  warm-up iterations per fork
 * @param measureIterations measured iterations per fork
 * @param timeoutSeconds    JMH's iteration timeout
 * @param longFitSeconds    the longest fit of the cell in the quality stage when it made these calls fewer, else null
 */
record TrainingCalls(int warmupIterations, int measureIterations, long timeoutSeconds, Double longFitSeconds) {
    /** A fit at least this long (seconds, in the quality stage) is timed with fewer calls per fork. */
    static final double LONG_FIT_SECONDS = 60;
    /** Measured calls per fork of a long fit. */
    static final int LONG_FIT_MEASURED_CALLS = 2;
    /** A fit at least this long (seconds, in the quality stage) is timed with one call per fork and no warm-up. */
    static final double VERY_LONG_FIT_SECONDS = 600;
    /** JMH's iteration timeout of every other figure, seconds. */
    static final long DEFAULT_TIMEOUT_SECONDS = 5 * 60;

    /**
     * The calls of a cell's training figure.
     *
     * @param longestFit the cell's longest fit in the quality stage, seconds; null when that stage did not time it
     */
    static TrainingCalls of(Preset preset, boolean network, Double longestFit) {
        if (network || longestFit == null || longestFit < LONG_FIT_SECONDS) {
            return new TrainingCalls(preset.warmupIterations(), preset.measureIterations(), DEFAULT_TIMEOUT_SECONDS,
                    null);
        }
        boolean veryLong = longestFit >= VERY_LONG_FIT_SECONDS;
        return new TrainingCalls(veryLong ? 0 : 1,
                veryLong ? 1 : Math.min(LONG_FIT_MEASURED_CALLS, preset.measureIterations()),
                Math.max(DEFAULT_TIMEOUT_SECONDS, (long) Math.ceil(2 * longestFit)), longestFit);
    }

    /** The longest fit of each cell ({@link JmhStage#cellKey}) among the quality stage's figures, seconds. */
    static Map<String, Double> longestFits(List<Measurement> quality) {
        Map<String, Double> out = new HashMap<>();
        for (Measurement m : quality) {
            if (Names.SCENARIO_QUALITY.equals(m.scenario()) && Names.METRIC_TRAIN_TIME.equals(m.metric())
                    && Double.isFinite(m.value())) {
                String device = m.device() == null ? Names.DEVICE_CPU : m.device();
                out.merge(JmhStage.cellKey(m.task(), m.engine(), device), m.value(), Math::max);
            }
        }
        return out;
    }

    /** For the log: what was changed and why, or empty when the preset's iterations are kept. */
    String explanation() {
        return longFitSeconds == null ? "" : ": training figures with " + warmupIterations + " warm-up and "
                + measureIterations + " measured calls per fork (one call is a whole fit, up to "
                + Math.round(longFitSeconds) + " s in the quality stage), timeout " + timeoutSeconds + " s";
    }
}
