package dev.jmlbench.reference.nn;

/**
 * What kind of forward pass is running.
 *
 * @param training true while training (dropout drops), false at inference (dropout is the identity)
 * @param step     the 1-based optimiser step being computed (0 at inference); seeds dropout masks
 */
public record Pass(boolean training, long step) {
    /** An inference pass. */
    public static final Pass INFERENCE = new Pass(false, 0);

    /** The training pass of optimiser step {@code step}. */
    public static Pass training(long step) {
        return new Pass(true, step);
    }
}
