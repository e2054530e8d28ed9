package dev.jmlbench.core.params;

import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.ModelSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the canonical initial parameters of a model from its initializer and seed. The harness draws them
 * once and imports the same values into every engine, so no engine's own initializer is involved.
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
            boolean isWeight = e.getKey().endsWith(".weight");
            if (isWeight && initializer == Initializer.GLOROT_UNIFORM) {
                int fanIn = shape[0];
                int fanOut = shape[shape.length - 1];
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextDouble(-limit, limit);
                }
            }
            tensors.put(e.getKey(), new Tensor(shape, values));
        }
        return new Parameters(tensors);
    }

    private static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return Math.toIntExact(size);
    }
}
