package dev.jmlbench.datasets;

/**
 * A dataset that is fetched rather than committed is not in the data cache. The message gives the exact
 * command that fetches it; the harness reports the tasks that need it as skipped.
 */
public class DatasetUnavailableException extends DatasetException {
    public DatasetUnavailableException(String message) {
        super(message);
    }
}
