package dev.jmlbench.core.results;

import java.nio.file.Path;

/** A results file that cannot be read: the message names the file and the field. */
public class MalformedResultsException extends RuntimeException {
    public MalformedResultsException(Path file, String field, String problem, Throwable cause) {
        super("malformed results file " + file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ")
                + problem, cause);
    }
}
