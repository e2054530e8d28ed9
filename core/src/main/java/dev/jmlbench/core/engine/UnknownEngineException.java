package dev.jmlbench.core.engine;

import java.util.Collection;

/** An engine id that no provider on the class path answers to. */
public class UnknownEngineException extends IllegalArgumentException {
    public UnknownEngineException(String id, Collection<String> known) {
        super("unknown engine '" + id + "'; known engines: " + String.join(", ", known));
    }
}
