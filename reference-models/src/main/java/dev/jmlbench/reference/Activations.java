package dev.jmlbench.reference;

import dev.jmlbench.core.task.Activation;

/** The activations, applied in place, and their derivatives. */
final class Activations {
    private Activations() {
    }

    /** Applies {@code activation} to every row of {@code z} in place; softmax works row by row. */
    static void applyInPlace(Activation activation, float[][] z) {
        for (float[] row : z) {
            switch (activation) {
                case IDENTITY -> { }
                case RELU -> {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = Math.max(0f, row[j]);
                    }
                }
                case TANH -> {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = (float) Math.tanh(row[j]);
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = (float) (1 / (1 + Math.exp(-row[j])));
                    }
                }
                case SOFTMAX -> softmaxInPlace(row);
            }
        }
    }

    /** Numerically stable softmax: {@code exp(z - max) / sum exp(z - max)}. */
    static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < row.length; j++) {
            double e = Math.exp(row[j] - max);
            row[j] = (float) e;
            sum += e;
        }
        for (int j = 0; j < row.length; j++) {
            row[j] = (float) (row[j] / sum);
        }
    }

    /**
     * Derivative of an element-wise activation at pre-activation {@code z}, whose output was {@code a}.
     * Softmax is only used as the output layer, where the loss gradient already includes it.
     */
    static float derivative(Activation activation, float z, float a) {
        return switch (activation) {
            case IDENTITY -> 1f;
            case RELU -> z > 0 ? 1f : 0f;
            case TANH -> 1f - a * a;
            case SIGMOID -> a * (1f - a);
            case SOFTMAX -> throw new IllegalStateException("softmax is supported as the output layer only");
        };
    }
}
