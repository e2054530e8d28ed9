package dev.jmlbench.core.engine;

/** An engine cannot run on this machine; the message says why and what to do. */
public class EngineUnavailableException extends Exception {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineUnavailableException(String message) {
        super(message);
    }
}
