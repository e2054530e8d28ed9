package dev.jmlbench.datasets;

/** A dataset cannot be used: unknown id, missing file, checksum mismatch or malformed content. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
