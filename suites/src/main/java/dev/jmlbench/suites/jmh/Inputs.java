package dev.jmlbench.suites.jmh;

/**
 * The inputs a timed body cycles through, one per call: every inference benchmark and the harness-overhead
 * calibration pick their next input with this same code, so the calibration times what the others do around the
 * model.
 */
final class Inputs {
    private final float[][][] items;
    private int next;

    /** @param items the inputs, at least one; each is one call's batch */
    Inputs(float[][][] items) {
        if (items.length == 0) {
            throw new IllegalArgumentException("a benchmark needs at least one input");
        }
        this.items = items;
    }

    /** The next input, cycling back to the first after the last. */
    float[][] next() {
        float[][] x = items[next];
        next = next + 1 == items.length ? 0 : next + 1;
        return x;
    }
}
