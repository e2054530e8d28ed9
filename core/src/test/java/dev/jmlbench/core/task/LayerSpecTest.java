package dev.jmlbench.core.task;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerSpecTest {

    /** LeNet-5 as in LeCun et al. 1998 (ReLU and max pooling, as modern re-implementations use) on 28x28 MNIST. */
    static ModelSpec lenet5() {
        return new ModelSpec(List.of(1, 28, 28), List.of(
                new LayerSpec.Conv2D(6, 5, 1, 2, Activation.RELU),
                new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Conv2D(16, 5, 1, 0, Activation.RELU),
                new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Flatten(),
                new LayerSpec.Dense(120, Activation.RELU),
                new LayerSpec.Dense(84, Activation.RELU),
                new LayerSpec.Dense(10, Activation.SOFTMAX)));
    }

    @Test
    void lenetShapesAndParameterCountAreTheTextbookOnes() {
        ModelSpec m = lenet5();
        assertEquals(List.of(6, 28, 28), m.shapeBefore(1));
        assertEquals(List.of(6, 14, 14), m.shapeBefore(2));
        assertEquals(List.of(16, 10, 10), m.shapeBefore(3));
        assertEquals(List.of(16, 5, 5), m.shapeBefore(4));
        assertEquals(List.of(400), m.shapeBefore(5));
        assertEquals(10, m.outputSize());
        assertEquals(784, m.inputSize());
        CanonicalLayout layout = CanonicalLayout.of(m);
        assertArrayEquals(new int[] {6, 1, 5, 5}, layout.shapes().get("layer0.weight"));
        assertArrayEquals(new int[] {25, 150}, layout.fans().get("layer0.weight"));
        // 156 + 2416 + 48120 + 10164 + 850 parameters
        assertEquals(61_706, layout.parameterCount());
    }

    @Test
    void recurrentLayoutsFollowTheDocumentedGateBlocks() {
        ModelSpec m = new ModelSpec(List.of(20), List.of(new LayerSpec.Embedding(83, 16),
                new LayerSpec.Lstm(32, true), new LayerSpec.Gru(24, false), new LayerSpec.Dense(83, Activation.SOFTMAX)));
        CanonicalLayout l = CanonicalLayout.of(m);
        assertArrayEquals(new int[] {83, 16}, l.shapes().get("layer0.weight"));
        assertArrayEquals(new int[] {16, 128}, l.shapes().get("layer1.weight_ih"));
        assertArrayEquals(new int[] {32, 128}, l.shapes().get("layer1.weight_hh"));
        assertArrayEquals(new int[] {128}, l.shapes().get("layer1.bias"));
        assertArrayEquals(new int[] {32, 72}, l.shapes().get("layer2.weight_ih"));
        assertArrayEquals(new int[] {72}, l.shapes().get("layer2.bias_hh"));
        assertEquals(List.of(20, 32), m.shapeBefore(2));
        assertEquals(List.of(24), m.shapeBefore(3));
        ModelSpec rnn = new ModelSpec(List.of(10, 3), List.of(new LayerSpec.SimpleRnn(5, false),
                new LayerSpec.Dense(2, Activation.SOFTMAX)));
        assertArrayEquals(new int[] {3, 5}, CanonicalLayout.of(rnn).shapes().get("layer0.weight_ih"));
        assertArrayEquals(new int[] {5, 5}, CanonicalLayout.of(rnn).shapes().get("layer0.weight_hh"));
    }

    @Test
    void impossibleArchitecturesAreRefusedAtSpecTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(List.of(4),
                List.of(new LayerSpec.Conv2D(6, 5, 1, 0, Activation.RELU))));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("rank 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(List.of(1, 3, 3),
                List.of(new LayerSpec.Conv2D(6, 5, 1, 0, Activation.RELU))));
        assertTrue(e.getMessage().contains("window 5 does not fit an input of size 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Lstm(0, false));
        assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec.Adam(0.001, 0.9, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec.Momentum(0.1, -0.5));
    }

    @Test
    void heNormalHasTheStatedSpread() {
        ModelSpec m = new ModelSpec(List.of(400), List.of(new LayerSpec.Dense(300, Activation.RELU)));
        Parameters p = ParameterInitializer.initialize(m, Initializer.HE_NORMAL, 1);
        float[] w = p.get("layer0.weight").data();
        double sq = 0;
        for (float v : w) {
            sq += v * v;
        }
        assertEquals(Math.sqrt(2.0 / 400), Math.sqrt(sq / w.length), 0.002);
    }

    @Test
    void modelSpecsRoundTripThroughJson() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        ModelSpec m = lenet5();
        assertEquals(m, mapper.readValue(mapper.writeValueAsString(m), ModelSpec.class));
    }
}
