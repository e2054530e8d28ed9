package dev.jmlbench.ci.history;

import java.nio.file.Path;

/** A history file that cannot be read: the message names the file, the line and the field. */
public class MalformedHistoryException extends RuntimeException {
    /**
     * @param file    the history file
     * @param line    1-based line number, or 0 for the file as a whole
     * @param field   the field path within the line's record; empty when not known
     * @param problem what is wrong
     * @param cause   the underlying error, or null
     */
    public MalformedHistoryException(Path file, int line, String field, String problem, Throwable cause) {
        super("malformed history file " + file + (line > 0 ? ", line " + line : "") + ": "
                + (field.isEmpty() ? "" : "field '" + field + "': ") + problem, cause);
    }
}
