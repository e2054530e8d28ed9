package dev.jmlbench.core.task;

import java.util.List;

/**
 * A model as data: the size of one input example and the layers applied to it in order.
 *
 * @param inputSize number of input values per example (features of a tabular row), at least 1
 * @param layers    the layers, at least one
 */
public record ModelSpec(int inputSize, List<LayerSpec> layers) {
    public ModelSpec {
        if (inputSize < 1) {
            throw new IllegalArgumentException("model input size must be at least 1, got " + inputSize);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("model needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    /** Number of output values per example (classes for a classifier). */
    public int outputSize() {
        int size = inputSize;
        for (LayerSpec layer : layers) {
            size = layer.outputSize(size);
        }
        return size;
    }

    /** Input size of layer {@code index}. */
    public int inputSizeOf(int index) {
        int size = inputSize;
        for (int i = 0; i < index; i++) {
            size = layers.get(i).outputSize(size);
        }
        return size;
    }
}
