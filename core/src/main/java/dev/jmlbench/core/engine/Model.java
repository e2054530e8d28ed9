package dev.jmlbench.core.engine;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.params.Parameters;

/**
 * A model built by an engine from a task spec. Not thread-safe. Close it to free native resources.
 */
public interface Model extends AutoCloseable {

    /** Replaces all parameters with {@code parameters}, given in the canonical layout. */
    void importParameters(Parameters parameters);

    /** All parameters, in the canonical layout. */
    Parameters exportParameters();

    /**
     * Trains from the current parameters with the task's recipe, visiting the examples of {@code train} in
     * their order, in consecutive mini-batches, the same order every epoch.
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    TrainingLog train(LabeledData train);

    /**
     * Class probabilities for a batch of examples, one row per example.
     *
     * @throws IllegalArgumentException when a row does not have the model's input size, naming both sizes
     */
    float[][] predict(float[][] features);

    /**
     * The output of layer {@code layerIndex} (0-based, after its activation, inference mode) for a batch, each
     * row flattened row-major in the layer's canonical output shape ({@code [channels, height, width]},
     * {@code [timesteps, units]}, ...). Used for layer-by-layer parity, to name the first layer that diverges.
     * Empty when the engine cannot expose intermediate outputs.
     */
    default java.util.Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
