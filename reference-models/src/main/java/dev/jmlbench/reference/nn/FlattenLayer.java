package dev.jmlbench.reference.nn;

import java.util.List;

/**
 * Flatten {@code [C, H, W] -> [C*H*W]} (any shape to a vector), row-major. Examples are already stored
 * row-major, so forward and backward pass the values through unchanged.
 */
public final class FlattenLayer extends Layer {

    /**
     * @param name       the layer's name in errors
     * @param inputShape shape of one input example
     */
    public FlattenLayer(String name, List<Integer> inputShape) {
        super(name, inputShape, List.of(size(inputShape)));
    }

    @Override
    protected float[] forwardBatch(float[] input, int batch, Pass pass) {
        return input.clone();
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        return gradOutput.clone();
    }
}
