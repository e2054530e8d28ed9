package dev.jmlbench.core.results;

/**
 * The outcome of one (task, engine, device) cell at one stage of a run, so that failed and skipped cells are
 * reported with their reason instead of silently missing.
 *
 * @param task   task id
 * @param engine engine id
 * @param device device
 * @param stage  {@code open}, {@code quality}, {@code jmh}, ...
 * @param status outcome
 * @param reason why, for anything but {@link Status#OK}
 */
public record CellStatus(String task, String engine, String device, String stage, Status status, String reason) {

    /** Outcome of a cell. */
    public enum Status {
        /** Ran and met the quality target. */
        OK,
        /** Ran, but the trained model did not reach the quality target. */
        BELOW_TARGET,
        /** The engine says it cannot run the task as specified. */
        UNSUPPORTED,
        /** Not run here (no GPU, data not available, ...). */
        SKIPPED,
        /** Tried and failed (native library missing, crash, divergence, time-out). */
        FAILED
    }
}
