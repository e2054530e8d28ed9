package dev.jmlbench.core.engine;

import java.util.List;

/**
 * What an engine reports about a training run.
 *
 * @param epochLosses mean training loss per epoch, as the engine computed it; empty when the engine does not
 *                    expose it
 */
public record TrainingLog(List<Double> epochLosses) {
    public TrainingLog {
        epochLosses = List.copyOf(epochLosses);
    }
}
