package dev.jmlbench.core.params;

import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.ModelSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the canonical initial parameters of a model from its initializer and seed. The harness draws them
 * once and imports the same values into every engine, so no engine's own initializer is involved. Tensors are
 * drawn in layout order from one {@link SplittableRandom}; biases are zero.
 */
public final class ParameterInitializer {
    private ParameterInitializer() {
    }

    /** Initial parameters of {@code model}: same initializer and seed give bit-identical values. */
    public static Parameters initialize(ModelSpec model, Initializer initializer, long seed) {
        CanonicalLayout layout = CanonicalLayout.of(model);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : layout.shapes().entrySet()) {
            int[] shape = e.getValue();
            float[] values = new float[sizeOf(shape)];
            int[] fan = layout.fans().get(e.getKey());
            if (fan != null) {
                switch (initializer) {
                    case ZEROS -> { }
                    case GLOROT_UNIFORM -> {
                        double limit = Math.sqrt(6.0 / (fan[0] + fan[1]));
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) random.nextDouble(-limit, limit);
                        }
                    }
                    case HE_NORMAL -> {
                        double std = Math.sqrt(2.0 / fan[0]);
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (std * gaussian(random));
                        }
                    }
                }
            }
            tensors.put(e.getKey(), new Tensor(shape, values));
        }
        return new Parameters(tensors);
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return Math.toIntExact(size);
    }
}
