package dev.jmlbench.reference;

import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Invalid hyper-parameters never reach the engine: the core spec refuses them when it is made. Core's own tests
 * cover Dropout(1), LSTM(0), Adam's betas and negative momentum; these are the remaining cases the reference
 * engine relies on.
 */
class SpecValidationTest {

    private static void refused(String message, Executable make) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make).getMessage());
    }

    @Test
    void learningRatesMustBeFiniteAndPositive() {
        refused("learning rate must be finite and > 0, got -0.1", () -> new OptimizerSpec.Sgd(-0.1));
        refused("learning rate must be finite and > 0, got 0.0", () -> new OptimizerSpec.Momentum(0, 0.9));
        refused("learning rate must be finite and > 0, got NaN", () -> new OptimizerSpec.Adam(Double.NaN, 0.9, 0.999,
                1e-8));
        refused("learning rate must be finite and > 0, got Infinity", () -> new OptimizerSpec.Sgd(
                Double.POSITIVE_INFINITY));
        refused("Adam epsilon must be > 0, got 0.0", () -> new OptimizerSpec.Adam(0.01, 0.9, 0.999, 0));
    }

    @Test
    void layerSizesMustBePositive() {
        refused("Dense units must be at least 1, got 0", () -> new LayerSpec.Dense(0, Activation.RELU));
        refused("Conv2D filters must be at least 1, got 0", () -> new LayerSpec.Conv2D(0, 3, 1, 0, Activation.RELU));
        refused("Conv2D padding must be >= 0, got -1", () -> new LayerSpec.Conv2D(4, 3, 1, -1, Activation.RELU));
        refused("MaxPool2D stride must be at least 1, got 0", () -> new LayerSpec.MaxPool2D(2, 0));
        refused("Embedding dimension must be at least 1, got 0", () -> new LayerSpec.Embedding(10, 0));
        refused("SimpleRNN units must be at least 1, got 0", () -> new LayerSpec.SimpleRnn(0, true));
        refused("GRU units must be at least 1, got -3", () -> new LayerSpec.Gru(-3, false));
        refused("Dropout rate must lie in [0, 1), got -0.1", () -> new LayerSpec.Dropout(-0.1));
    }
}
