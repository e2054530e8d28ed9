package dev.jmlbench.core.params;

import java.util.Arrays;

/** A dense float32 array with a shape, stored row-major (the last index varies fastest). */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /**
     * @param shape dimensions, each at least 1
     * @param data  values in row-major order; its length must be the product of the dimensions
     */
    public Tensor(int[] shape, float[] data) {
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor dimensions must be >= 1, got " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + size
                    + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data.clone();
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return new Tensor(shape, new float[Math.toIntExact(size)]);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the values, row-major. */
    public float[] data() {
        return data.clone();
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** Value at a flat row-major index. */
    public float get(int flatIndex) {
        return data[flatIndex];
    }

    /** Largest absolute element-wise difference to {@code other}, which must have the same shape. */
    public double maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("cannot compare tensors of shapes " + Arrays.toString(shape)
                    + " and " + Arrays.toString(other.shape));
        }
        double max = 0;
        for (int i = 0; i < data.length; i++) {
            max = Math.max(max, Math.abs((double) data[i] - other.data[i]));
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
