package dev.jmlbench.reference.nn;

import java.util.List;

/**
 * One layer: a forward pass over a mini-batch and the backward pass that turns the gradient of the loss with
 * respect to the layer's output into the gradient with respect to its input, writing the gradients of its
 * parameters on the way. Backward uses what the latest forward pass kept, so the two alternate. Not thread-safe.
 */
public abstract class Layer {
    private final String name;
    private final List<Integer> inputShape;
    private final List<Integer> outputShape;
    /** Values per input example. */
    protected final int inputSize;
    /** Values per output example. */
    protected final int outputSize;
    /** Examples in the batch of the latest forward pass; 0 before the first. */
    protected int batch;
    /** Whether {@link #backward} must compute the input gradient (false for the first layer of a network). */
    protected boolean inputGradientNeeded = true;

    /**
     * @param name        how errors name the layer, e.g. {@code layer 2 (conv2d 16 filters 3x3)}
     * @param inputShape  shape of one input example
     * @param outputShape shape of one output example
     */
    protected Layer(String name, List<Integer> inputShape, List<Integer> outputShape) {
        this.name = name;
        this.inputShape = List.copyOf(inputShape);
        this.outputShape = List.copyOf(outputShape);
        this.inputSize = size(inputShape);
        this.outputSize = size(outputShape);
    }

    /** The layer's name in error messages. */
    public String name() {
        return name;
    }

    /** Shape of one input example. */
    public List<Integer> inputShape() {
        return inputShape;
    }

    /** Shape of one output example. */
    public List<Integer> outputShape() {
        return outputShape;
    }

    /** Values per input example. */
    public int inputSize() {
        return inputSize;
    }

    /** Values per output example. */
    public int outputSize() {
        return outputSize;
    }

    /**
     * Whether {@link #backward} computes the gradient with respect to the input. A network's first layer need
     * not (nothing below it learns), which saves the largest products of the first Dense or Conv2D layer; when
     * false, backward may return {@code null}. True by default.
     */
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    /** The trainable parameters, in canonical order; empty for layers without any. */
    public List<Param> params() {
        return List.of();
    }

    /**
     * The output of the layer for {@code batch} examples laid end to end in {@code input}; a new array.
     *
     * @throws IllegalArgumentException naming the layer and both shapes when {@code input} does not hold
     *                                  {@code batch} examples of this layer's input shape
     */
    public final float[] forward(float[] input, int batch, Pass pass) {
        if (batch < 1 || input.length != (long) batch * inputSize) {
            throw new IllegalArgumentException(name + " expects a batch of " + batch + " examples of shape "
                    + inputShape + " (" + (long) batch * inputSize + " values), got " + input.length + " values");
        }
        this.batch = batch;
        return forwardBatch(input, batch, pass);
    }

    /**
     * The gradient of the loss with respect to the input of the latest forward pass, given that with respect to
     * its output; writes the gradient of every parameter. Returns {@code null} when the input is not
     * differentiable (token indices) or its gradient was declared not needed ({@link #setInputGradientNeeded}).
     *
     * @throws IllegalArgumentException naming the layer and both shapes when the gradient has the wrong size
     * @throws IllegalStateException    when no forward pass ran before
     */
    public final float[] backward(float[] gradOutput) {
        if (batch == 0) {
            throw new IllegalStateException(name + ": backward before any forward pass");
        }
        if (gradOutput.length != (long) batch * outputSize) {
            throw new IllegalArgumentException(name + " expects an output gradient for " + batch
                    + " examples of shape " + outputShape + " (" + (long) batch * outputSize + " values), got "
                    + gradOutput.length + " values");
        }
        return backwardBatch(gradOutput);
    }

    /** The forward pass proper; {@code input} has been checked. */
    protected abstract float[] forwardBatch(float[] input, int batch, Pass pass);

    /** The backward pass proper; {@code gradOutput} has been checked. */
    protected abstract float[] backwardBatch(float[] gradOutput);

    @Override
    public String toString() {
        return name;
    }

    static int size(List<Integer> shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
