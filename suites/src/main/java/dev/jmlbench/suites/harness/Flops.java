package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.List;

/**
 * Floating-point operations of one example's forward pass, derived from the spec: two per multiply-add of the
 * layers' matrix products (Dense, Conv2D, recurrent cells), nothing for activations, pooling, embedding
 * look-ups and reshapes. This is the convention of most roofline and MLPerf-style figures; it undercounts
 * element-wise work, which is small next to the products in these models.
 */
public final class Flops {
    /**
     * FLOPs of one training example as a multiple of its forward FLOPs: the forward pass plus a backward pass
     * that computes the gradients with respect to both the weights and the inputs (two products of the forward's
     * size per layer), the usual 3x convention; optimiser updates are not counted.
     */
    public static final double TRAINING_FACTOR = 3;

    private Flops() {
    }

    /** Forward FLOPs of one example of {@code model}. */
    public static double forwardPerExample(ModelSpec model) {
        double flops = 0;
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            List<Integer> in = model.shapeBefore(i);
            List<Integer> out = model.shapeBefore(i + 1);
            if (layer instanceof LayerSpec.Dense d) {
                flops += 2.0 * in.get(0) * d.units();
            } else if (layer instanceof LayerSpec.Conv2D c) {
                flops += 2.0 * in.get(0) * c.kernelSize() * c.kernelSize() * out.get(0) * out.get(1) * out.get(2);
            } else if (layer instanceof LayerSpec.Conv1D c) {
                flops += 2.0 * in.get(1) * c.kernelSize() * out.get(0) * out.get(1);
            } else if (layer instanceof LayerSpec.SimpleRnn r) {
                flops += recurrent(in, r.units(), 1);
            } else if (layer instanceof LayerSpec.Lstm r) {
                flops += recurrent(in, r.units(), 4);
            } else if (layer instanceof LayerSpec.Gru r) {
                flops += recurrent(in, r.units(), 3);
            }
        }
        return flops;
    }

    private static double recurrent(List<Integer> in, int units, int gates) {
        double steps = in.get(0);
        double features = in.get(1);
        return steps * 2.0 * gates * units * (features + units);
    }
}
