package dev.jmlbench.suites.jmh;

/**
 * A known slowdown injected into one engine's timed calls, so that the suite can prove its own verdicts: with
 * {@code -Djmlbench.injectSlowdown=ENGINE:FACTOR} (e.g. {@code reference:1.3}) every timed call of that engine is
 * followed by a busy wait of {@code FACTOR - 1} times the call's own duration, inside the timed region, so the
 * engine takes {@code FACTOR} times as long. Off unless the property is set; a figure measured with it records
 * the factor in its fork check's origin and must never be published as an engine's speed.
 */
final class SlowdownInjection {
    /** The system property that turns the injection on. */
    static final String PROPERTY = "jmlbench.injectSlowdown";

    private SlowdownInjection() {
    }

    /**
     * The time factor for {@code engine}: 1 when the property is not set or names another engine.
     *
     * @throws IllegalArgumentException when the property is malformed
     */
    static double factorFor(String engine) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return 1;
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("-D" + PROPERTY + " expects ENGINE:FACTOR, e.g. reference:1.3, got '"
                    + spec + "'");
        }
        double factor;
        try {
            factor = Double.parseDouble(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": '" + spec.substring(colon + 1)
                    + "' is not a number");
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": the factor must be >= 1, got " + factor);
        }
        return spec.substring(0, colon).equals(engine) ? factor : 1;
    }

    /** Busy-waits until {@code factor} times the time since {@code start} has passed (no-op for factor 1). */
    static void stretch(long start, double factor) {
        if (factor <= 1) {
            return;
        }
        long now = System.nanoTime();
        long until = now + (long) ((now - start) * (factor - 1));
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** The origin note of a fork check when a slowdown is injected; empty otherwise. */
    static String note(double factor) {
        return factor > 1 ? "; SLOWDOWN INJECTED: x" + factor + " (self-test of the verdicts, not a real figure)"
                : "";
    }
}
