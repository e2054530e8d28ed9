package dev.jmlbench.core.engine;

/** Training produced a NaN or infinite loss. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
