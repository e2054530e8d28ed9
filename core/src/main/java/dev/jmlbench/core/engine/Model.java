package dev.jmlbench.core.engine;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
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
     * Optional capability of a model without canonical parameters (a classic learner: trees, forests, boosters,
     * LIBLINEAR): its fitted state as bytes, in the engine's own format, which {@link #restoreFitted} of a model built
     * from the same task by the same engine reads back into a model that predicts exactly as this one. A later
     * process (a JMH fork) then times the very model the quality stage fitted instead of fitting its own, which for
     * MNIST-size learners costs minutes per fork.
     *
     * <p>Empty when the engine does not offer it (this default), when the model has not been fitted, and for
     * networks (whose state is their canonical parameters, {@link #exportParameters}).
     */
    default java.util.Optional<byte[]> saveFitted() {
        return java.util.Optional.empty();
    }

    /**
     * Replaces this model's fitted state with {@code fitted}, as {@link #saveFitted} of a model of the same task on
     * the same engine gave it; afterwards {@link #predict} answers as that model did.
     *
     * @throws UnsupportedOperationException when the engine does not offer it (this default)
     * @throws IllegalArgumentException      when {@code fitted} is not such a state (another algorithm, another
     *                                       engine's format, truncated), saying which
     */
    default void restoreFitted(byte[] fitted) {
        throw new UnsupportedOperationException("this engine cannot restore a fitted model: fit it with train");
    }

    /**
     * Trains from the current parameters with the task's recipe, visiting the examples of {@code train} in
     * their order, in consecutive mini-batches, the same order every epoch.
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    TrainingLog train(LabeledData train);

    /**
     * As {@link #train(LabeledData)}, calling {@code listener} after every epoch. Engines that cannot stop
     * between epochs keep this default, which trains in one go and never calls the listener (the harness then
     * records no per-epoch curve and says so).
     */
    default TrainingLog train(LabeledData train, EpochListener listener) {
        return train(train);
    }

    /**
     * Trains a regression network (one output, mean squared error averaged over each mini-batch) from the current
     * parameters, with the task's recipe and the same batching rules as {@link #train(LabeledData)}, calling
     * {@code listener} after every epoch where the engine can.
     *
     * @throws UnsupportedOperationException when the engine does not train regression networks (its
     *                                       {@code supports} says so first)
     * @throws TrainingDivergedException     when the loss becomes NaN or infinite
     */
    default TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        throw new UnsupportedOperationException("this engine does not train regression networks");
    }

    /**
     * What the engine itself records about how the model was trained (for Tribuo, its provenance), as
     * name/value pairs kept in the results next to the measurement; empty when the engine records nothing.
     */
    default java.util.Map<String, String> provenance() {
        return java.util.Map.of();
    }

    /**
     * The outputs of the model for a batch of examples, one row per example: class probabilities for a
     * classifier (network or classic algorithm), the predicted value (one column) for a regression network.
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

    /**
     * Optional capability: the gradient of a regression network's training loss with respect to its input features,
     * for one batch, on the current parameters. The loss is the one {@link #trainRegression} minimises, the mean
     * squared error over the batch {@code L = (1/B) sum_b (prediction_b - targets[b])^2} (no factor 1/2), with the
     * network computed as at inference (dropout is the identity). Row {@code b} of the result is
     * {@code dL/dfeatures[b]}, laid out as the features are (row-major in the spec's input shape, e.g.
     * {@code [timesteps, channels]} for a sequence), whatever layout the engine computes in.
     *
     * <p>The call changes nothing the model keeps: the parameters, and what a later {@link #trainRegression},
     * {@link #predict} or {@code inputGradient} computes, are exactly as without it (an engine that accumulates
     * parameter gradients clears what this call left).
     *
     * <p>Empty when the engine does not offer it (this default), and for models whose input cannot be
     * differentiated (token indices into an Embedding) or that are not regression networks.
     *
     * @param features one row per example, as for {@link #predict}
     * @param targets  one target per row
     * @throws IllegalArgumentException when a row does not have the model's input size, or the counts of rows and
     *                                  targets differ
     */
    default java.util.Optional<float[][]> inputGradient(float[][] features, float[] targets) {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
