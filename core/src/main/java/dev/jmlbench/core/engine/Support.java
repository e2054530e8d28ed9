package dev.jmlbench.core.engine;

/**
 * Whether an engine can run a task, and why not when it cannot.
 *
 * @param supported true when the engine runs the task exactly as specified
 * @param reason    empty when supported, else the reason for people
 */
public record Support(boolean supported, String reason) {
    private static final Support YES = new Support(true, "");

    /** The engine runs the task as specified. */
    public static Support yes() {
        return YES;
    }

    /** The engine cannot run the task as specified. */
    public static Support no(String reason) {
        return new Support(false, reason);
    }
}
