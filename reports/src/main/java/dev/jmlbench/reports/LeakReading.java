package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one leak-check figure says. The figure's raw scores are the process's resident memory (MiB), sampled evenly
 * while a trained model predicted without pause; its value is the growth rate fitted after the first fifth. The
 * resident memory includes the Java heap, which the JVM grows towards its {@code -Xmx} as it needs, so a rate alone
 * does not tell a leak: memory that grows and then levels off has reached its working size, memory still growing
 * at the end of the run is a leak or has not reached it yet. The reading compares the fitted rate with the rate
 * over the last third of the run; where the committed Java heap was sampled too, resident memory less the heap is
 * the native memory, and growth that is all heap is the JVM sizing its heap, not a native leak.
 *
 * @param figure         the leak-check figure
 * @param seconds        how long the model predicted
 * @param calls          how many predictions it made, or -1 when not recorded
 * @param mib            the resident memory samples, MiB
 * @param growth         the recorded growth rate after the warm-up, MiB per minute
 * @param lateGrowth     the growth rate over the last third of the samples, MiB per minute
 * @param heapMib        the committed Java heap at the same instants, MiB; null when not recorded
 * @param lateNativeGrowth the growth rate of resident memory less the committed heap over the last third, MiB per
 *                       minute; NaN when the heap was not recorded
 */
record LeakReading(Measurement figure, double seconds, long calls, List<Double> mib, double growth,
                   double lateGrowth, List<Double> heapMib, double lateNativeGrowth) {

    /** Growth below this many MiB a minute reads as flat. */
    static final double FLAT_MIB_PER_MINUTE = 10;
    /** Fewest samples a reading needs (a third of them fit the late rate). */
    static final int MIN_SAMPLES = 9;
    private static final double MIB = 1024.0 * 1024.0;

    /**
     * The reading of {@code m} with the heap samples of {@code heap} (null when not recorded); empty when {@code m}
     * is not a leak-check figure with enough samples.
     */
    static Optional<LeakReading> of(Measurement m, Measurement heap) {
        if (!Names.METRIC_RSS_SLOPE.equals(m.metric()) || m.rawScores() == null || !Double.isFinite(m.value())) {
            return Optional.empty();
        }
        List<Double> mib = finite(m.rawScores());
        double seconds = number(m.params().get(Names.PARAM_SECONDS));
        if (mib.size() < MIN_SAMPLES || !(seconds > 0)) {
            return Optional.empty();
        }
        double step = seconds / mib.size();
        List<Double> heapMib = heap == null || heap.rawScores() == null ? null : finite(heap.rawScores());
        if (heapMib != null && heapMib.size() != mib.size()) {
            heapMib = null; // not sampled at the same instants: resident less heap would mean nothing
        }
        SimpleRegression late = new SimpleRegression();
        SimpleRegression lateNative = new SimpleRegression();
        for (int i = mib.size() * 2 / 3; i < mib.size(); i++) {
            late.addData(i * step, mib.get(i));
            if (heapMib != null) {
                lateNative.addData(i * step, mib.get(i) - heapMib.get(i));
            }
        }
        long calls = (long) number(m.params().get(Names.PARAM_CALLS));
        return Optional.of(new LeakReading(m, seconds, calls < 0 ? -1 : calls, mib, m.value() * 60 / MIB,
                late.getSlope() * 60, heapMib, heapMib == null ? Double.NaN : lateNative.getSlope() * 60));
    }

    private static List<Double> finite(List<Double> xs) {
        return xs.stream().filter(v -> v != null && Double.isFinite(v)).toList();
    }

    private static double number(String s) {
        try {
            return s == null ? -1 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The time of sample {@code i}, seconds from the start of the run. */
    double time(int i) {
        return i * seconds / mib.size();
    }

    /** The resident memory at the first sample, MiB. */
    double start() {
        return mib.get(0);
    }

    /** The resident memory at the last sample, MiB. */
    double end() {
        return mib.get(mib.size() - 1);
    }

    /** What the samples show, from which both readings are written. */
    enum Verdict {
        /** Growth after the warm-up below {@link #FLAT_MIB_PER_MINUTE}. */
        FLAT,
        /** Grew, but not over the last third. */
        LEVELLED_OFF,
        /** Still growing over the last third, and all of it committed Java heap. */
        HEAP_STILL_GROWING,
        /** Still growing over the last third beyond the committed Java heap. */
        NATIVE_STILL_GROWING,
        /** Still growing over the last third; the heap was not sampled, so which memory is unknown. */
        STILL_GROWING
    }

    /** The verdict of the samples. */
    Verdict verdict() {
        if (growth < FLAT_MIB_PER_MINUTE) {
            return Verdict.FLAT;
        }
        if (lateGrowth < FLAT_MIB_PER_MINUTE) {
            return Verdict.LEVELLED_OFF;
        }
        if (heapMib == null) {
            return Verdict.STILL_GROWING;
        }
        return lateNativeGrowth < FLAT_MIB_PER_MINUTE ? Verdict.HEAP_STILL_GROWING : Verdict.NATIVE_STILL_GROWING;
    }

    /** The reading for people: flat, levelled off, or still growing at the end (all heap, or native). */
    String reading() {
        return switch (verdict()) {
            case FLAT -> "flat: no sign of a leak";
            case LEVELLED_OFF -> shortReading() + ": memory reaching its working size (the Java heap or an"
                    + " allocator's pools), no sign of a leak once level";
            case HEAP_STILL_GROWING -> "still growing at the end (" + rate(lateGrowth) + " over the last third), all"
                    + " of it the committed Java heap: the JVM sizing its heap, not a native leak";
            case NATIVE_STILL_GROWING -> "native memory still growing at the end (" + rate(lateNativeGrowth)
                    + " over the last third, beyond the Java heap): a native leak, or native pools that had not reached"
                    + " their working size yet; a longer run tells";
            case STILL_GROWING -> "still growing at the end (" + rate(lateGrowth) + " over the last third): a leak,"
                    + " or memory that had not reached its working size yet; a longer run tells";
        };
    }

    /** A short reading for the summary: {@code grew, then levelled off at 4,846 MiB}. */
    String shortReading() {
        return switch (verdict()) {
            case FLAT -> "flat";
            case LEVELLED_OFF -> "grew, then levelled off at " + mib(end());
            case HEAP_STILL_GROWING -> "still growing at the end (" + rate(lateGrowth) + "), all of it Java heap";
            case NATIVE_STILL_GROWING -> "native memory still growing at the end (" + rate(lateNativeGrowth) + ")";
            case STILL_GROWING -> "still growing at the end (" + rate(lateGrowth) + ")";
        };
    }

    /** How long the model predicted: {@code 60 s}. */
    String duration() {
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    static String mib(double v) {
        return String.format(Locale.ROOT, "%,.0f MiB", v);
    }

    static String rate(double mibPerMinute) {
        return String.format(Locale.ROOT, "%,.0f MiB/min", mibPerMinute);
    }
}
