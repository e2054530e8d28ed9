package dev.jmlbench.reference.nn;

import java.util.Arrays;

/**
 * A trainable tensor of a layer and the gradient of the loss with respect to it, both row-major in the canonical
 * layout ({@link dev.jmlbench.core.params.CanonicalLayout}). The backward pass overwrites {@link #grad}.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    /** The values, updated in place by the optimiser. */
    public final float[] value;
    /** The gradient of the mean mini-batch loss, written by the last backward pass. */
    public final float[] grad;

    /**
     * @param name  the parameter's name within its layer, e.g. {@code weight_ih}
     * @param shape its canonical shape
     */
    public Param(String name, int... shape) {
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        this.name = name;
        this.shape = shape.clone();
        this.value = new float[size];
        this.grad = new float[size];
    }

    /** The name within the layer ({@code weight}, {@code bias}, {@code weight_ih}, ...). */
    public String name() {
        return name;
    }

    /** A copy of the canonical shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public int size() {
        return value.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
