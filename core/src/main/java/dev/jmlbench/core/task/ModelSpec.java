package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.List;

/**
 * A model as data: the shape of one input example and the layers applied to it in order. Every layer's input
 * shape is checked when the spec is made, so an impossible architecture is refused at spec time.
 *
 * @param inputShape shape of one input example (see {@link LayerSpec} for the conventions)
 * @param layers     the layers, at least one
 */
public record ModelSpec(List<Integer> inputShape, List<LayerSpec> layers) {
    public ModelSpec {
        if (inputShape == null || inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d == null || d < 1)) {
            throw new IllegalArgumentException("model input shape must have dimensions >= 1, got " + inputShape);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("model needs at least one layer");
        }
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
        List<Integer> shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + ": " + e.getMessage(), e);
            }
        }
    }

    /** A model over vectors of {@code inputSize} features. */
    public ModelSpec(int inputSize, List<LayerSpec> layers) {
        this(List.of(inputSize), layers);
    }

    /** Number of input values per example (product of the input shape). */
    @JsonIgnore
    public int inputSize() {
        return size(inputShape);
    }

    /** Shape of the input of layer {@code index}; {@code index == layers().size()} gives the output shape. */
    public List<Integer> shapeBefore(int index) {
        List<Integer> shape = inputShape;
        for (int i = 0; i < index; i++) {
            shape = layers.get(i).outputShape(shape);
        }
        return shape;
    }

    /** Shapes of the input of every layer and of the output: {@code layers().size() + 1} entries. */
    @JsonIgnore
    public List<List<Integer>> shapes() {
        List<List<Integer>> shapes = new ArrayList<>();
        List<Integer> shape = inputShape;
        shapes.add(shape);
        for (LayerSpec layer : layers) {
            shape = layer.outputShape(shape);
            shapes.add(shape);
        }
        return shapes;
    }

    /** Number of output values per example (classes for a classifier). */
    @JsonIgnore
    public int outputSize() {
        return size(shapeBefore(layers.size()));
    }

    /** Number of input values of layer {@code index}. */
    public int inputSizeOf(int index) {
        return size(shapeBefore(index));
    }

    private static int size(List<Integer> shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
